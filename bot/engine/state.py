"""The conversation as explicit slots and one current step (form-filling style).

A conversation is a frozen value: every transition returns a new one. It holds
no Slack and no SQL; the store serialises it as JSON, the views draw it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from bot.domain import Appointment, CancelReason, Frozen, Hold, PatientQuery, Slot, Window


class Intent(StrEnum):
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"


class Step(StrEnum):
    NEED_PATIENT = "need_patient"
    CHOOSE_APPOINTMENT = "choose_appointment"
    NEED_WINDOW = "need_window"
    CHOOSE_SLOT = "choose_slot"
    NEED_REASON = "need_reason"
    CONFIRM = "confirm"
    APPLYING = "applying"
    DONE = "done"
    CANCELLED_BY_USER = "cancelled_by_user"
    EXPIRED = "expired"
    FAILED = "failed"


FINAL_STEPS = frozenset({Step.DONE, Step.CANCELLED_BY_USER, Step.EXPIRED, Step.FAILED})
"""Steps whose card shows the outcome and no buttons."""


class Conversation(Frozen):
    """One staff member's request, from first message to outcome."""

    id: str
    user_id: str
    intent: Intent
    step: Step
    version: int = 0
    """Bumped by the store on every save; buttons carry the version they were drawn at."""

    # slots filled from the request or from answers
    query: PatientQuery = PatientQuery()
    current: Window | None = None
    """When the request says the appointment is now (narrows the lookup)."""
    target: Window | None = None
    """The window the patient wants instead (reschedule)."""
    target_in_location_zone: bool = False
    """Whether `target` was already re-read in the appointment location's zone."""
    reason: CancelReason | None = None
    reason_answered: bool = False
    note: str | None = None
    """Staff's own words about the cancel: the backend's cancellation note."""
    apply_to_repeats: bool = False

    # what the backend told us
    candidates: tuple[Appointment, ...] = ()
    appointment: Appointment | None = None
    slots: tuple[Slot, ...] = ()
    slots_after_window: bool = False
    """No open time in the window: the offered slots are the nearest after it."""
    hold: Hold | None = None
    result: Appointment | None = None
    partially_applied: bool = False
    """A two-step change stopped half-way: the outcome sentence says which booking exists."""

    # bookkeeping
    idempotency_key: str | None = None
    notice: str | None = None
    """One sentence shown above the step (why we are asking again, what failed)."""
    outcome: str | None = None
    """The final sentence, on final steps."""
    created_at: datetime
    updated_at: datetime
    backend: str = ""

    @property
    def is_final(self) -> bool:
        return self.step in FINAL_STEPS


ActionKind = Literal[
    "choose_appointment",
    "choose_slot",
    "more_times",
    "choose_reason",
    "skip_reason",
    "repeats",
    "confirm",
    "pick_other_time",
    "abort",
]


class Action(Frozen):
    """A button click, decoded. `index` points into candidates/slots; `value` carries a reason."""

    kind: ActionKind
    index: int | None = None
    value: str | None = None


class Answer(Frozen):
    """Typed free text answering the current step ("no, the one on thursday")."""

    text: str = Field(max_length=4000)
