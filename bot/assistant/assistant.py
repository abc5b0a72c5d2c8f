"""The assistant: runs the engine against the store, so every turn is saved safely.

It knows nothing of Slack (the handlers pass an opaque `surface` saying where a
card is drawn) and nothing of HTTP. What it guarantees:

- a click on an older card, or one racing another click, changes nothing and
  is reported `stale` ("already handled");
- `applying` is saved, with its idempotency key, before the backend is asked to
  change anything; at start-up, conversations left there are reconciled by
  reading the appointment back;
- every change request and its outcome goes to the audit log;
- idle conversations expire and give their holds back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from bot.domain import Clock, Hold
from bot.engine import Action, Conversation, ConversationEngine, Intent, Parse, Step
from bot.engine.turn import Stored, Surface, Turn
from bot.store import AuditEntry, Outcome, Store

logger = logging.getLogger(__name__)

FINISHED_RETENTION = timedelta(days=1)
"""Finished conversations hold patient data; keep them only long enough to redraw a late click."""


@dataclass
class Assistant:
    engine: ConversationEngine
    store: Store
    parse: Parse
    clock: Clock
    ttl: timedelta = timedelta(minutes=15)

    # -- a new request -------------------------------------------------------------
    def start(
        self,
        *,
        user_id: str,
        text: str,
        surface: Surface,
        intent: Literal["reschedule", "cancel"] | None = None,
    ) -> Turn:
        now = self.clock()
        parsed = self.parse(_with_verb(text, intent), now)
        chosen = intent or (parsed.intent if parsed.intent != "unknown" else None)
        if chosen is None:
            return Turn(message=UNKNOWN_REQUEST, surface=surface)
        previous = None
        if surface.get("kind") == "dm":
            previous = self._supersede(user_id)
        conversation = self.engine.start(user_id=user_id, parsed=parsed, intent=Intent(chosen), now=now, text=text)
        stored = self.store.insert(conversation, surface)
        logger.info(
            "conversation %s started: intent=%s step=%s backend=%s",
            conversation.id,
            conversation.intent.value,
            conversation.step.value,
            conversation.backend,
        )
        return Turn(stored.conversation, stored.surface, previous=previous)

    def _supersede(self, user_id: str) -> Stored | None:
        """A new DM request replaces the person's open DM conversation (and frees its hold)."""
        open_one = self.store.active_for_user(user_id, surface_kind="dm")
        if open_one is None or open_one.conversation.step is Step.APPLYING:
            return None
        stopped = self.engine.abandon(open_one.conversation, self.clock())
        saved = self.store.save(stopped, expected_version=open_one.conversation.version)
        return saved

    def is_new_request(
        self,
        text: str,
        intent: Literal["reschedule", "cancel"] | None = None,
        *,
        user_id: str | None = None,
        surface_kind: str = "dm",
    ) -> bool:
        """Text that names an action and a patient starts afresh; anything else answers the open step.

        While the person's open conversation is asking *which patient*, whatever
        they type is the answer (a personal identifier can look like a name).
        """
        if user_id is not None:
            open_one = self.store.active_for_user(user_id, surface_kind=surface_kind)
            if open_one is not None and open_one.conversation.step is Step.NEED_PATIENT:
                return False
        parsed = self.parse(_with_verb(text, intent), self.clock())
        patient = parsed.patient
        named = any((patient.name, patient.date_of_birth, patient.phone, patient.booking_ref))
        return parsed.intent != "unknown" and named

    # -- a click ---------------------------------------------------------------------
    def click(self, *, conversation_id: str, version: int, action: Action, user_id: str) -> Turn:
        stored = self.store.get(conversation_id)
        if stored is None:
            return Turn(message="That request is no longer open. Start a new one with /reschedule or /cancel.")
        conversation = stored.conversation
        if conversation.user_id != user_id:
            return Turn(message="Only the person who started this request can use these buttons.")
        if version != conversation.version or conversation.is_final or conversation.step is Step.APPLYING:
            return Turn(conversation, stored.surface, stale=True)
        now = self.clock()
        if self._is_idle(conversation):
            return self._expire(stored)
        after = self.engine.act(conversation, action, now)
        return self._save_and_apply(stored, after)

    # -- typed follow-ups in the DM --------------------------------------------------
    def reply(self, *, user_id: str, text: str, surface_kind: str = "dm", intent: Intent | None = None) -> Turn | None:
        """Typed text refining the person's open conversation's current step; None if none is open.

        DM messages answer the DM conversation; for a slash-command conversation
        (an ephemeral card nobody can type under) the answer comes as the same
        command again: `/reschedule friday morning`.
        """
        stored = self.store.active_for_user(user_id, surface_kind=surface_kind)
        if stored is None or stored.conversation.step is Step.APPLYING:
            return None
        if intent is not None and stored.conversation.intent is not intent:
            return None
        if self._is_idle(stored.conversation):
            self._expire(stored)
            return None
        after = self.engine.answer(stored.conversation, text, self.clock())
        return self._save_and_apply(stored, after)

    def _save_and_apply(self, stored: Stored, after: Conversation) -> Turn:
        before = stored.conversation
        saved = self.store.save(after, expected_version=before.version)
        if saved is None:
            # Another click won the race; give back any hold this losing turn made.
            if after.hold is not None and after.hold != before.hold:
                self.engine.release_hold(after)
            current = self.store.get(before.id)
            return Turn(current.conversation if current else before, stored.surface, stale=True)
        if saved.conversation.step is Step.APPLYING:
            return self._apply(saved)
        if after.step is Step.CANCELLED_BY_USER:
            logger.info("conversation %s stopped by the user", after.id)
        return Turn(saved.conversation, saved.surface)

    def _apply(self, stored: Stored) -> Turn:
        applying = stored.conversation
        logger.info("conversation %s applying %s", applying.id, applying.intent.value)
        result = self.engine.apply(applying, self.clock())
        self._audit(applying, result)
        saved = self.store.save(result, expected_version=applying.version)
        if saved is None:  # pragma: no cover - only this turn may move a conversation out of applying
            raise RuntimeError(f"conversation {applying.id} changed while applying")
        logger.info("conversation %s finished applying: step=%s", applying.id, result.step.value)
        return Turn(saved.conversation, saved.surface)

    # -- housekeeping ------------------------------------------------------------------
    def reconcile(self) -> list[Turn]:
        """Start-up: settle conversations a crash left in `applying`, by reading the booking back."""
        turns = []
        for stored in self.store.open_conversations(step=Step.APPLYING):
            result = self.engine.reconcile(stored.conversation, self.clock())
            if result.step is Step.APPLYING:
                continue
            self._audit(stored.conversation, result, reconciled=True)
            saved = self.store.save(result, expected_version=stored.conversation.version)
            if saved is not None:
                logger.info("conversation %s reconciled: step=%s", result.id, result.step.value)
                turns.append(Turn(saved.conversation, saved.surface))
        return turns

    def sweep(self) -> list[Turn]:
        """Expire idle conversations (giving holds back) and forget old finished ones."""
        now = self.clock()
        turns = [
            self._expire(stored)
            for stored in self.store.open_conversations(idle_since=now - self.ttl)
            if stored.conversation.step is not Step.APPLYING
        ]
        self.store.purge_finished(now - FINISHED_RETENTION)
        self.store.forget_events(now - FINISHED_RETENTION)
        return [turn for turn in turns if turn.conversation is not None]

    def _is_idle(self, conversation: Conversation) -> bool:
        return conversation.updated_at + self.ttl <= self.clock()

    def _expire(self, stored: Stored) -> Turn:
        expired = self.engine.expire(stored.conversation, self.clock())
        saved = self.store.save(expired, expected_version=stored.conversation.version)
        if saved is None:
            return Turn(stale=True)
        logger.info("conversation %s expired", expired.id)
        return Turn(saved.conversation, saved.surface)

    def _audit(self, applying: Conversation, result: Conversation, *, reconciled: bool = False) -> None:
        assert applying.appointment is not None
        hold: Hold | None = applying.hold
        outcome: Outcome
        if result.step is Step.DONE:
            outcome = "applied"
        elif result.partially_applied:
            outcome = "partial"
        elif result.step is Step.FAILED:
            outcome = "failed"
        else:
            outcome = "not_applied"
        detail = result.outcome if result.step is Step.FAILED else (result.notice or "")
        if reconciled:
            detail = f"reconciled after restart. {detail}".strip()
        self.store.audit(
            AuditEntry(
                at=self.clock(),
                slack_user=applying.user_id,
                backend=applying.backend,
                action=applying.intent.value,
                appointment_id=applying.appointment.id,
                old_start=applying.appointment.start,
                new_start=hold.slot.start if hold is not None and applying.intent is Intent.RESCHEDULE else None,
                reason=applying.reason.value if applying.reason else None,
                outcome=outcome,
                detail=detail or "",
                conversation_id=applying.id,
            )
        )


def _with_verb(text: str, intent: str | None) -> str:
    """`/cancel john smith tmrw, sick` reads as "cancel john smith tmrw, sick".

    The parser finds names and reasons by their place after the verb; a slash
    command's text has the verb in the command's name instead.
    """
    return f"{intent} {text}" if intent else text


UNKNOWN_REQUEST = (
    "I can reschedule or cancel an existing appointment. Try “move maria lopez from tue 3pm to fri morning” "
    "or “cancel john smith tomorrow, feeling better”."
)
