"""What every step handler works with: the booking backend, the parser, the clinic's zone, fresh ids.

All of it is passed in (the composition root builds it), so the engine stays
pure: a test gives it a seeded sandbox, a fixed clock and a counter for ids,
and every transition is reproducible.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.backends.base import BookingBackend
from bot.backends.errors import BookingError
from bot.engine.state import Conversation, Said, SaidKind, Step
from bot.nlu.model import ParsedRequest

logger = logging.getLogger("bot.engine")

Parse = Callable[[str, datetime], ParsedRequest]
"""text, now -> ParsedRequest, resolved in the clinic's zone."""

NewId = Callable[[], str]


def random_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class EngineContext:
    backend: BookingBackend
    parse: Parse
    clinic_tz: ZoneInfo
    slots_per_page: int = 5
    new_id: NewId = field(default=random_id)
    date_order: Literal["MDY", "DMY"] = "MDY"
    """How the clinic writes numeric dates, for typed answers ("the 3/12 one")."""

    def release_hold(self, c: Conversation) -> None:
        """Give the conversation's hold back; never raises (a lost hold lapses on its own)."""
        if c.hold is None or not c.hold.is_real:
            return
        try:
            self.backend.release(c.hold)
        except BookingError as error:
            # A hold we cannot release lapses on its own (Qmatic: 15 min); never block the person on it.
            logger.warning("release of hold for conversation %s failed: %s", c.id, type(error).__name__)


def final(c: Conversation, step: Step, outcome: Said, now: datetime, **update: Any) -> Conversation:
    """The conversation ended: its card shows `outcome` and no buttons."""
    return c.model_copy(update={"step": step, "outcome": outcome, "notice": None, "updated_at": now, **update})


def asking(c: Conversation, step: Step, notice: Said | None = None, **update: Any) -> Conversation:
    """Stop at `step`, saying `notice` above its question."""
    return c.model_copy(update={"step": step, "notice": notice, **update})


def told(error: BookingError, kind: SaidKind = "booking_error") -> Said:
    """A booking system's refusal, kept as its own sentence (and the instant it names)."""
    return Said(kind=kind, text=error.staff_message, at=error.at)
