"""The assistant: runs the engine against the store and draws each turn, so every turn is saved safely.

It knows nothing of Slack's wire formats (the handlers hand it request
values, bot/assistant/requests.py) and draws through a port (`Messenger`).
What it guarantees:

- nothing about a conversation is written before the owner and allowlist
  checks pass (the allowlist is judged on the channel the conversation was
  started from);
- a click on an older card, or one racing another click, changes nothing and
  is answered "already handled";
- `applying` is saved, with its idempotency key and a lease on the
  appointment (one change per appointment at a time, across processes),
  before the backend is asked to change anything;
- every change request and its outcome goes to the audit log, one row per
  appointment, in the same transaction as the outcome; the outcome's card is
  drawn just before that transaction, so a crash between the two leaves
  `applying`, which the restart reads back, records and draws again;
- every acknowledged request is in the inbox until its work ends; the
  turn's one write closes its inbox row in the same transaction, so a whole
  reschedule costs four write transactions after its acks (start, the click
  on a time, the confirm's compare-and-set, the outcome).
"""

from __future__ import annotations

import logging
import threading
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from bot.assistant import auditing
from bot.assistant.ahead import AheadOfSave
from bot.assistant.inbox_rows import inbox_entry
from bot.assistant.placing import Cards
from bot.assistant.ports import Messenger, ReplyTo
from bot.assistant.requests import ClickRequest, CommandRequest, MessageRequest
from bot.assistant.working import working_card_if_slow
from bot.domain import Clock
from bot.engine import Conversation, ConversationEngine, Intent, Parse, Step
from bot.engine.turn import Reply, Stored, Surface, Turn
from bot.store.protocol import Lease, LeaseTaken, StorageError, Store, appointment_lease

logger = logging.getLogger("bot.assistant")

Request = CommandRequest | ClickRequest | MessageRequest

LEASE = timedelta(minutes=2)
"""How long an appointment stays claimed by a change in progress: longer than any booking call takes."""


@dataclass(frozen=True)
class Access:
    """Who may act. Empty lists mean the whole workspace; otherwise the user or the channel must be listed."""

    users: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()

    def allows(self, user_id: str, channel_id: str | None) -> bool:
        if not self.users and not self.channels:
            return True
        return user_id in self.users or (channel_id is not None and channel_id in self.channels)


@dataclass
class Assistant:
    engine: ConversationEngine
    store: Store
    messenger: Messenger
    parse: Parse
    clock: Clock
    access: Access = field(default_factory=Access)
    ttl: timedelta = timedelta(minutes=15)
    owner: str = "clinic-bot"
    """This process's name in leases (two replicas never settle each other's live changes)."""
    lease: timedelta = LEASE
    """How long a change keeps its appointment claimed (CHANGE_LEASE)."""
    working_card_after: float = 0.0
    """Seconds a change may take before its card says "Working on it" (WORKING_CARD_AFTER; 0: at once)."""
    cards: Cards = field(init=False)
    _ahead: AheadOfSave = field(init=False, repr=False, compare=False, default_factory=AheadOfSave)
    """Conversations whose newest card is posted but not yet saved (see bot/assistant/ahead.py)."""
    _turn: threading.local = field(init=False, repr=False, compare=False, default_factory=threading.local)
    """The inbox key of the request this thread is handling, until a write has closed it."""
    unrecorded: set[str] = field(init=False, repr=False, compare=False, default_factory=set)
    """Conversations whose change this process finished but could not record (the disk failed): no longer in
    anyone's hands, so the sweeper reads them back as soon as the store works, not when their claim lapses."""

    def __post_init__(self) -> None:
        self.cards = Cards(self.messenger)

    # -- the inbox ------------------------------------------------------------------------------------
    def accept(self, request: Request) -> bool:
        """In the ack path: remember the request until its work ends. False for a replay of one seen before."""
        return self.store.inbox_add(inbox_entry(request, self.clock()))

    def handle(self, request: Request) -> None:
        """The work after the ack; the inbox row is closed however it ends (a crash leaves it for replay).

        A turn that saves the conversation closes it in that same transaction; otherwise it is closed here.
        """
        self._turn.inbox = request.key
        try:
            if isinstance(request, CommandRequest):
                self.command(request)
            elif isinstance(request, ClickRequest):
                self.click(request)
            else:
                self.message(request)
        finally:
            still_open, self._turn.inbox = self._closing_inbox(), None
            if still_open is not None:
                self._close_inbox(still_open)

    def _close_inbox(self, key: str) -> None:
        """A row left open by a failing store is replayed later, and the replay finds its work done: no harm."""
        try:
            self.store.inbox_done(key)
        except StorageError as error:
            logger.warning("inbox row not closed (%s): a later replay will find the work done", error.cause)

    def _closing_inbox(self) -> str | None:
        """The inbox row this thread's next conversation write should close (None once one has)."""
        return getattr(self._turn, "inbox", None)

    def _inbox_closed(self) -> None:
        self._turn.inbox = None

    # -- slash commands -------------------------------------------------------------------------------
    def command(self, request: CommandRequest) -> None:
        to = ReplyTo(user_id=request.user_id, response_url=request.response_url, channel_id=request.channel_id)
        text = request.text.strip()
        if not self.access.allows(request.user_id, request.channel_id):
            self.messenger.reply(to, Reply(kind="not_allowed"))
            return
        if not text or text.lower() in {"help", "?"}:
            self.messenger.reply(to, Reply(kind="usage", command=request.command))
            return
        intent = Intent(request.intent)
        if self._answer_open(self._open_for(request.user_id), text, intent, thread_ts=None):
            self.messenger.reply(to, Reply(kind="updated_in_dm"))
            return
        if self._start(request.user_id, text, intent, origin=request.channel_id, thread_ts=None, reply_to=to):
            self.messenger.reply(to, Reply(kind="in_dm"))

    # -- DMs and @mentions ----------------------------------------------------------------------------
    def message(self, request: MessageRequest) -> None:
        text = request.text.strip()
        to = ReplyTo(user_id=request.user_id, channel_id=request.channel_id, thread_ts=request.thread_ts)
        # A mention always starts afresh; a DM may answer the open conversation, and one begun in an allowed
        # channel carries its origin into the DM for the allowlist.
        open_one = None if request.mention else self._open_for(request.user_id)
        origin = request.channel_id
        if open_one is not None:
            origin = open_one.surface.get("origin_channel") or request.channel_id
        if not self.access.allows(request.user_id, origin):
            self.messenger.reply(to, Reply(kind="not_allowed"))
            return
        if request.mention:
            if self._start(request.user_id, text, None, origin=request.channel_id, thread_ts=None, reply_to=to):
                self.messenger.reply(to, Reply(kind="in_dm"))
            return
        if self._answer_open(open_one, text, None, thread_ts=request.thread_ts):
            return
        self._start(request.user_id, text, None, origin=request.channel_id, thread_ts=request.thread_ts)

    # -- clicks ---------------------------------------------------------------------------------------
    def click(self, request: ClickRequest) -> None:
        to = ReplyTo(user_id=request.user_id, response_url=request.response_url, channel_id=request.channel_id)
        if request.action is None or request.conversation_id is None or request.version is None:
            self.messenger.reply(to, Reply(kind="not_ours"))
            return
        stored = self.store.get(request.conversation_id)
        behind = stored is None or stored.conversation.version < request.version
        if behind:  # the click raced the save its card was drawn for: wait for it, then read again
            # Read again even when no save is under way any more: it may have landed since the read above.
            self._ahead.wait_for(request.conversation_id)
            stored = self.store.get(request.conversation_id)
        if stored is None:
            self.messenger.reply(to, Reply(kind="no_longer_open"))
            return
        conversation = stored.conversation
        # The allowlist and ownership first: nothing is written for anyone else's click.
        if not self.access.allows(request.user_id, stored.surface.get("origin_channel")):
            self.messenger.reply(to, Reply(kind="not_allowed"))
            return
        if conversation.user_id != request.user_id:
            self.messenger.reply(to, Reply(kind="not_owner"))
            return
        if request.version != conversation.version or conversation.is_final or conversation.step is Step.APPLYING:
            self.messenger.reply(to, Reply(kind="already_handled"))
            return
        if self._is_idle(conversation):
            self._expire(stored)
            return
        after = self.engine.act(conversation, request.action, self.clock())
        self._save_and_draw(stored, after, typed=False, thread_ts=None, to=to)

    # -- running a turn -------------------------------------------------------------------------------
    def _start(
        self,
        user_id: str,
        text: str,
        intent: Intent | None,
        *,
        origin: str | None,
        thread_ts: str | None,
        reply_to: ReplyTo | None = None,
    ) -> bool:
        now = self.clock()
        parsed = self.parse(_with_verb(text, intent), now)
        chosen = intent or (Intent(parsed.intent) if parsed.intent != "unknown" else None)
        dm = self.messenger.open_dm(user_id)
        if chosen is None:
            self.messenger.reply(
                ReplyTo(user_id=user_id, channel_id=dm, thread_ts=thread_ts), Reply(kind="unknown_request")
            )
            return False
        if dm is None:
            self.messenger.reply(reply_to or ReplyTo(user_id=user_id), Reply(kind="dm_refused"))
            return False
        self._supersede(user_id)
        conversation = self.engine.start(user_id=user_id, parsed=parsed, intent=chosen, now=now, text=text)
        first = conversation.model_copy(update={"version": 1})
        with self._ahead.posting(conversation.id, user_id):
            surface = self.cards.post(Turn(first), user_id=user_id, dm=dm, thread_ts=thread_ts, origin=origin)
            if surface is not None:
                self.store.insert(conversation, surface, inbox_done=self._closing_inbox())
        if surface is None:
            # Slack refused the card: nothing is kept (no card, no hold), and the person is told where they asked.
            self.engine.release_hold(conversation)
            self.messenger.reply(reply_to or ReplyTo(user_id=user_id), Reply(kind="dm_refused"))
            return False
        self._inbox_closed()
        logger.info(
            "conversation %s started: intent=%s step=%s backend=%s",
            conversation.id,
            conversation.intent.value,
            conversation.step.value,
            conversation.backend,
        )
        return True

    def _supersede(self, user_id: str) -> None:
        """A new request replaces the person's open conversation (its hold given back, its card shown stopped)."""
        open_one = self.store.active_for_user(user_id)
        if open_one is None or open_one.conversation.step is Step.APPLYING:
            return
        stopped = self.engine.abandon(open_one.conversation, self.clock())
        saved = self.store.save(stopped, expected_version=open_one.conversation.version)
        if saved is not None:
            self.cards.redraw(Turn(saved.conversation, saved.surface), user_id=user_id)

    def _open_for(self, user_id: str) -> Stored | None:
        """The person's open conversation as their newest card was saved (typed right after a card appeared,
        the text answers that card: a save still under way is waited for)."""
        self._ahead.wait_for_person(user_id)
        return self.store.active_for_user(user_id)

    def _answer_open(self, stored: Stored | None, text: str, intent: Intent | None, *, thread_ts: str | None) -> bool:
        """Typed text answering `stored`, the person's open conversation; False when it is a new request (or none
        is open)."""
        if stored is None or stored.conversation.step is Step.APPLYING:
            return False
        conversation = stored.conversation
        if intent is not None and conversation.intent is not intent:
            return False
        if self.engine.starts_afresh(conversation, text, self.parse(_with_verb(text, intent), self.clock())):
            return False
        if self._is_idle(conversation):
            self._expire(stored)
            return False
        after = self.engine.answer(conversation, text, self.clock())
        self._save_and_draw(stored, after, typed=True, thread_ts=thread_ts)
        return True

    def _save_and_draw(
        self, stored: Stored, after: Conversation, *, typed: bool, thread_ts: str | None, to: ReplyTo | None = None
    ) -> None:
        before = stored.conversation
        user_id = before.user_id
        lease = self._lease_for(after)
        surface: Surface | None = None
        closing = self._closing_inbox()
        card_ahead = typed and after.step is not Step.APPLYING
        with self._ahead.posting(before.id, user_id) if card_ahead else nullcontext():
            if card_ahead:
                # The fresh card goes below the typed words; it is drawn for the version this save makes.
                drawn = after.model_copy(update={"version": before.version + 1})
                surface = self.cards.below(Turn(drawn, stored.surface), user_id=user_id, thread_ts=thread_ts)
            try:
                saved = self.store.save(
                    after, expected_version=before.version, surface=surface, take_lease=lease, inbox_done=closing
                )
            except LeaseTaken:
                saved = self._busy(stored, after)
            else:
                if saved is not None:
                    self._inbox_closed()
        if saved is None:
            # Another click won the race; give back any hold this losing turn made, and retire its card.
            if after.hold is not None and after.hold != before.hold:
                self.engine.release_hold(after)
            if surface is not None:
                self.cards.retire(surface)
            # The winner draws the card; a loser redrawing here could paint an older state over it.
            self.messenger.reply(to or ReplyTo(user_id=user_id), Reply(kind="already_handled"))
            return
        if saved.conversation.step is Step.APPLYING:
            self._apply(saved)
            return
        if surface is None:
            self.cards.redraw(Turn(saved.conversation, saved.surface), user_id=user_id)
        if after.step is Step.CANCELLED_BY_USER:
            logger.info("conversation %s stopped by the user", after.id)

    def _lease_for(self, after: Conversation) -> Lease | None:
        if after.step is not Step.APPLYING or after.appointment is None:
            return None
        name = appointment_lease(after.backend, after.appointment.id)
        return Lease(name=name, owner=after.id, until=self.clock() + self.lease)

    def _busy(self, stored: Stored, after: Conversation) -> Stored | None:
        """Someone else is changing this appointment right now: refuse, and show it as it is."""
        refused = self.engine.busy(after, self.clock())
        return self.store.save(refused, expected_version=stored.conversation.version)

    def _apply(self, stored: Stored) -> None:
        """Make the change, show its outcome, then record it (with its audit rows).

        Shown before it is recorded, as a typed answer's card is (bot/assistant/ahead.py): a kill between the two
        leaves the conversation in `applying`, which the restart reads back from the booking system, records and
        draws again. Recorded first, a kill before the drawing left a card still asking to confirm a change that
        was made, with nothing left to redraw it.
        """
        applying, user_id = stored.conversation, stored.conversation.user_id
        logger.info("conversation %s applying %s", applying.id, applying.intent.value)
        draw_working = partial(self.cards.redraw, Turn(applying, stored.surface), user_id=user_id)
        with working_card_if_slow(draw_working, after=self.working_card_after):
            result = self.engine.apply(applying, self.clock())
        entries = auditing.entries(applying, result, at=self.clock())
        lease = appointment_lease(applying.backend, applying.appointment.id) if applying.appointment else None
        shown = result.model_copy(update={"version": applying.version + 1})  # the version its save makes
        with self._ahead.posting(applying.id, user_id):
            self.cards.redraw(Turn(shown, stored.surface), user_id=user_id)  # after any working card, never under it
            try:
                saved = self.store.save(result, expected_version=applying.version, drop_lease=lease, audit=entries)
            except StorageError as error:
                # The booking system has answered and the person was shown what is true now (never "Something
                # went wrong" about a change that was made); the record follows once the store works.
                self.unrecorded.add(applying.id)
                logger.error("conversation %s: outcome shown but not yet recorded (%s)", applying.id, error.cause)
                return
        if saved is None:  # pragma: no cover - only this turn may move a conversation out of applying
            raise RuntimeError(f"conversation {applying.id} changed while applying")
        logger.info("conversation %s finished applying: step=%s", applying.id, result.step.value)

    def _is_idle(self, conversation: Conversation) -> bool:
        return conversation.updated_at + self.ttl <= self.clock()

    def _expire(self, stored: Stored) -> Turn | None:
        expired = self.engine.expire(stored.conversation, self.clock())
        saved = self.store.save(expired, expected_version=stored.conversation.version)
        if saved is None:
            return None
        logger.info("conversation %s expired", expired.id)
        turn = Turn(saved.conversation, saved.surface)
        self.cards.redraw(turn, user_id=expired.user_id)
        return turn


def _with_verb(text: str, intent: Intent | None) -> str:
    """`/cancel john smith tmrw, sick` reads as "cancel john smith tmrw, sick".

    The parser finds names and reasons by their place after the verb; a slash
    command's text has the verb in the command's name instead.
    """
    return f"{intent.value} {text}" if intent else text
