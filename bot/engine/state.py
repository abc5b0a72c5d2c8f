"""The conversation as explicit slots and one current step (form-filling style).

A conversation is a frozen value: every transition returns a new one. It holds
no Slack and no SQL; the store serialises it as JSON, the views draw it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, field_validator

from bot.domain import Appointment, CancelReason, Frozen, Hold, PatientKey, PatientQuery, Slot, Window


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


SaidKind = Literal[
    # notices: why a step asks (again)
    "ask_patient_key",
    "not_found",
    "unclear_choice",
    "several_fit",
    "relative_choice",
    "window_unreadable",
    "window_past",
    "no_slots",
    "no_more_slots",
    "no_earlier_slots",
    "slot_taken",
    "hold_ran_out",
    "hold_lost",
    "hold_lost_no_fresh_times",
    "booking_error",
    "text",
    # outcomes: how a conversation ended
    "moved",
    "cancelled",
    "already_cancelled",
    "already_moved",
    "changed_elsewhere",
    "busy",
    "failed",
    "partial",
    "maybe_applied",
    "unreadable_after_interruption",
    "stopped",
    "expired",
    "rebooked",
    "rebooking_unknown",
    "still_booked",
    "moved_meanwhile",
    "not_made",
]


class Said(Frozen):
    """Something the engine tells staff, as values: the views word it, in the reader's own zone.

    The engine never words a time: a sentence built here in the location's
    zone and drawn beside times in the reader's zone put two clocks on one
    card. `text` is a booking system's own sentence (may say `{time}`, the
    instant being `at`).
    """

    kind: SaidKind
    text: str | None = None
    at: datetime | None = None
    window: Window | None = None
    appointment: Appointment | None = None
    """The appointment as it now is, when someone else changed it."""
    query: PatientQuery | None = None
    keys: tuple[PatientKey, ...] = ()
    backend: str | None = None
    restarted: bool = False
    """Settled after a restart (else after a lost answer)."""
    changed: bool = False
    """For failures: whether the booking may have changed (else 'nothing was changed' is said)."""


def _said(value: Any) -> Any:
    """Conversations saved before notices were values carry plain sentences: keep them readable."""
    return Said(kind="text", text=value) if isinstance(value, str) else value


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
    near: tuple[Appointment, ...] = ()
    """Nobody matched the name: the next appointment of each patient whose name is close (offered as buttons)."""
    appointment: Appointment | None = None
    series: tuple[Appointment, ...] = ()
    """The later occurrences a series cancel would change too (listed on the confirm card)."""
    slots: tuple[Slot, ...] = ()
    slots_outside_window: bool = False
    """No open time in the window: the offered slots are the nearest before and after it."""
    more_slots: bool = False
    """The window has open times after the last one offered ("More times")."""
    earlier_slots: bool = False
    """The window has open times before the first one offered ("Earlier times")."""
    hold: Hold | None = None
    result: Appointment | None = None
    results: tuple[Appointment, ...] = ()
    """Every appointment the change changed, as each now is (a series cancel has several)."""
    partially_applied: bool = False
    """A two-step change stopped half-way: the outcome says which booking exists."""

    # bookkeeping
    idempotency_key: str | None = None
    notice: Said | None = None
    """Shown above the step: why we are asking again, what failed."""
    outcome: Said | None = None
    """How it ended, on final steps."""
    created_at: datetime
    updated_at: datetime
    backend: str = ""

    _notice_values = field_validator("notice", "outcome", mode="before")(_said)

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
    "earlier_times",
    "choose_near",
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
