"""The conversation engine: given a conversation and an event, the next conversation.

Pure with respect to Slack, HTTP and SQL: the booking backend, the parser and
the id factory are passed in, the clock comes in as `now`. Every click and
typed answer is dispatched through the steps table (bot/engine/steps.py), so
what a step accepts is read in one place.

Only `apply` changes a booking, and only from the `applying` step, which the
caller must have saved first (see bot/assistant).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from bot.backends.base import BookingBackend
from bot.backends.errors import BookingError
from bot.domain import CancelReason, Window
from bot.engine import applying, finding, reading
from bot.engine.context import EngineContext, NewId, Parse, final, random_id, told
from bot.engine.state import Action, Conversation, Intent, Said, Step
from bot.engine.steps import STEPS, never_mind, offers, starts_afresh
from bot.nlu.model import ParsedRequest, ParsedWindow


class ConversationEngine:
    def __init__(
        self,
        backend: BookingBackend,
        parse: Parse,
        *,
        clinic_tz: str,
        slots_per_page: int = 5,
        new_id: NewId = random_id,
        date_order: Literal["MDY", "DMY"] = "MDY",
    ) -> None:
        self.ctx = EngineContext(
            backend=backend,
            parse=parse,
            clinic_tz=ZoneInfo(clinic_tz),
            slots_per_page=slots_per_page,
            new_id=new_id,
            date_order=date_order,
        )

    @property
    def backend(self) -> BookingBackend:
        return self.ctx.backend

    @backend.setter
    def backend(self, backend: BookingBackend) -> None:
        self.ctx = replace(self.ctx, backend=backend)

    @property
    def parse(self) -> Parse:
        return self.ctx.parse

    # -- entry points -----------------------------------------------------------
    def start(
        self, *, user_id: str, parsed: ParsedRequest, intent: Intent, now: datetime, text: str = ""
    ) -> Conversation:
        """A new conversation from a parsed request; runs as far as it can without asking.

        `text` is the request as typed: the parsing contract has no personal
        identifier, so a backend that searches by one finds it here.
        """
        keys = self.ctx.backend.capabilities.lookup_keys
        conversation = Conversation(
            id=self.ctx.new_id(),
            user_id=user_id,
            intent=intent,
            step=Step.NEED_PATIENT,
            query=reading.with_personal_id(reading.query_from(parsed), text, keys),
            current=_window(parsed.current),
            target=_window(parsed.target) if intent is Intent.RESCHEDULE else None,
            reason=CancelReason(parsed.reason) if intent is Intent.CANCEL and parsed.reason else None,
            reason_answered=intent is Intent.CANCEL and parsed.reason is not None,
            created_at=now,
            updated_at=now,
            backend=self.ctx.backend.name,
        )
        try:
            return finding.advance(self.ctx, conversation, now)
        except BookingError as error:
            return final(conversation, Step.FAILED, told(error), now)

    def act(self, conversation: Conversation, action: Action, now: datetime) -> Conversation:
        """A button click, if the current step offers it. `confirm` returns `applying`: save it, then `apply`."""
        if conversation.is_final or not offers(conversation, action.kind):
            return conversation
        click = STEPS[conversation.step].clicks[action.kind]
        c = conversation.model_copy(update={"notice": None, "updated_at": now})
        try:
            return click.run(self.ctx, c, action, now)
        except BookingError as error:
            return c.model_copy(update={"notice": told(error)})

    def answer(self, conversation: Conversation, text: str, now: datetime) -> Conversation:
        """Typed free text answering the current step: the step's rules are tried in the table's order."""
        spec = STEPS[conversation.step]
        if conversation.is_final or not spec.typed:
            return conversation
        if reading.is_abort(text):
            return never_mind(self.ctx, conversation, now)
        c = conversation.model_copy(update={"notice": None, "updated_at": now})
        try:
            parsed = self.ctx.parse(text, now)
            for rule in spec.typed:
                answered = rule(self.ctx, c, text, parsed, now)
                if answered is not None:
                    return answered
        except BookingError as error:
            return c.model_copy(update={"notice": told(error)})
        return c

    def starts_afresh(self, conversation: Conversation | None, text: str, parsed: ParsedRequest) -> bool:
        """Typed text that is a new request (action + patient), not an answer to the open step."""
        return starts_afresh(self.ctx, conversation, text, parsed)

    def apply(self, conversation: Conversation, now: datetime) -> Conversation:
        """Make the change. Only from `applying`; returns done, failed, or fresh slots."""
        return applying.apply(conversation, self.ctx, now)

    def abandon(self, conversation: Conversation, now: datetime) -> Conversation:
        return never_mind(self.ctx, conversation, now)

    def expire(self, conversation: Conversation, now: datetime) -> Conversation:
        self.ctx.release_hold(conversation)
        return final(conversation, Step.EXPIRED, Said(kind="expired"), now, hold=None)

    def reconcile(self, conversation: Conversation, now: datetime) -> Conversation:
        """After a crash in `applying`: read the appointment back; never call the change again blindly."""
        return applying.reconcile(conversation, self.ctx, now)

    def busy(self, conversation: Conversation, now: datetime) -> Conversation:
        """Another conversation is changing this appointment right now: refuse, showing it as it now is."""
        self.ctx.release_hold(conversation)
        current = None
        if conversation.appointment is not None:
            try:
                current = self.ctx.backend.get_appointment(conversation.appointment.id)
            except BookingError:
                current = None
        return final(conversation, Step.FAILED, Said(kind="busy", appointment=current), now, hold=None)

    def release_hold(self, conversation: Conversation) -> None:
        self.ctx.release_hold(conversation)


def _window(parsed: ParsedWindow | None) -> Window | None:
    return None if parsed is None else Window(start=parsed.start, end=parsed.end)
