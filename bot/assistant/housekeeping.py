"""What keeps running between requests: settle interrupted changes, replay interrupted requests, expire, purge.

Each job takes a lease first, so with two replicas on one database only one
process does it at a time, and a change still owned by a live process (its
appointment lease not yet expired) is never settled by another.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.assistant import auditing
from bot.assistant.assistant import Assistant
from bot.assistant.ports import ReplyTo
from bot.assistant.requests import StoredRequest
from bot.engine import Step
from bot.engine.turn import Reply, Turn
from bot.store.protocol import Lease, appointment_lease

logger = logging.getLogger("bot.assistant")

REPLAY_AFTER = timedelta(minutes=2)
"""By default a request unfinished this long was interrupted: its process died (any live one finishes sooner)."""
REPLAY_WINDOW = timedelta(minutes=30)
"""A request older than this is not replayed (Slack's response_url lasts 30 minutes): the person is told instead."""
SWEEP_LEASE = timedelta(minutes=2)
IN_VENDOR_HANDS = timedelta(seconds=15)
"""How long a write sent by a process that then died may still land at the booking system: a vendor goes on
with a request whose sender vanished (longer than our 10 s read timeout is not waited for by the sender either).
Reading the booking back sooner can see the old time, say "not changed", and be contradicted a moment later."""


def reconcile(assistant: Assistant, *, predecessor_died_before: datetime | None = None) -> list[Turn]:
    """Settle conversations a crash left in `applying`, by reading the booking back (never by repeating it).

    A change whose claim is still live is left to its owner, which may be a live replica, unless that owner is
    this process and it could not record the outcome (`Assistant.unrecorded`: a disk fault). With
    `predecessor_died_before` (`serve` on SQLite, which runs as one process: the time it started) a claim
    taken before then was its killed predecessor's, so its 2 minutes are not waited out, only
    IN_VENDOR_HANDS from when it was taken (the sweeper tries again every few seconds).
    """
    turns = []
    now = assistant.clock()
    for stored in assistant.store.open_conversations(step=Step.APPLYING):
        conversation = stored.conversation
        lease = (
            appointment_lease(conversation.backend, conversation.appointment.id) if conversation.appointment else None
        )
        held = assistant.store.lease(lease) if lease else None
        unrecorded = conversation.id in assistant.unrecorded
        if (
            held is not None
            and held.until > now
            and not unrecorded
            and not _left_by_dead_predecessor(held, assistant, predecessor_died_before, now)
        ):
            continue
        result = assistant.engine.reconcile(conversation, now)
        if result.step is Step.APPLYING:
            continue
        entries = auditing.entries(conversation, result, at=now, reconciled=True)
        saved = assistant.store.save(result, expected_version=conversation.version, drop_lease=lease, audit=entries)
        assistant.unrecorded.discard(conversation.id)
        if saved is not None:
            logger.info("conversation %s reconciled: step=%s", result.id, result.step.value)
            turn = Turn(saved.conversation, saved.surface)
            assistant.cards.redraw(turn, user_id=conversation.user_id)
            turns.append(turn)
    return turns


def _left_by_dead_predecessor(held: Lease, assistant: Assistant, died_before: datetime | None, now: datetime) -> bool:
    """Whether a live claim was taken by a process that died before `died_before`, long enough ago to settle."""
    if died_before is None:
        return False
    taken = held.until - assistant.lease
    return taken < died_before and now - taken >= IN_VENDOR_HANDS


def replay(assistant: Assistant, *, older_than: timedelta = timedelta(0)) -> int:
    """Requests acknowledged but never finished (a crash right after the ack): do them now, or say so.

    `older_than` leaves alone requests young enough to be still in a live
    process's hands (another replica's, on a shared database); each entry is
    claimed by a lease first, so two processes replaying at once never both do it.
    """
    now = assistant.clock()
    done = 0
    for entry in assistant.store.inbox_unfinished(received_before=now - older_than):
        # The claim is kept until it lapses, never dropped: another process may have read this entry as
        # unfinished before we finished it, and must still find the claim taken when it gets there.
        claim = Lease(name=f"inbox:{entry.key}", owner=assistant.owner, until=now + REPLAY_AFTER)
        if not assistant.store.take_lease(claim, now=now):
            continue
        _replay_one(assistant, entry.body, entry.key, entry.received_at, now)
        done += 1
    return done


def _replay_one(assistant: Assistant, body: str, key: str, received_at: datetime, now: datetime) -> None:
    try:
        request = StoredRequest.model_validate_json(body).request
    except ValueError as error:
        logger.warning("inbox entry could not be read back (%s); dropped", type(error).__name__)
        assistant.store.inbox_done(key)
        return
    if now - received_at <= REPLAY_WINDOW:
        logger.info("replaying an interrupted %s request", request.type)
        assistant.handle(request)
    else:
        to = ReplyTo(user_id=request.user_id)
        assistant.messenger.reply(to, Reply(kind="interrupted", at=received_at))
        assistant.store.inbox_done(key)


def sweep(assistant: Assistant, *, conversation_retention: timedelta, inbox_retention: timedelta) -> list[Turn]:
    """Expire idle conversations (giving holds back) and forget old finished ones; one process at a time."""
    now = assistant.clock()
    if not assistant.store.take_lease(Lease(name="sweeper", owner=assistant.owner, until=now + SWEEP_LEASE), now=now):
        return []
    turns = []
    for stored in assistant.store.open_conversations(idle_since=now - assistant.ttl):
        if stored.conversation.step is Step.APPLYING:
            continue
        expired = assistant.engine.expire(stored.conversation, now)
        saved = assistant.store.save(expired, expected_version=stored.conversation.version)
        if saved is not None:
            logger.info("conversation %s expired", expired.id)
            turn = Turn(saved.conversation, saved.surface)
            assistant.cards.redraw(turn, user_id=expired.user_id)
            turns.append(turn)
    assistant.store.purge_finished(now - conversation_retention)
    assistant.store.purge_inbox(now - inbox_retention)
    return turns
