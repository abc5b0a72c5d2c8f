"""Cancelling: asks why only when the booking system records it and the request did not say, keeps staff's
own words as the note, and cancels a whole series only when asked."""

from __future__ import annotations

import pytest

from bot.domain import AppointmentStatus, CancelReason
from bot.engine import Conversation, Step
from tests.core.conftest import JOHN, ROBERT_SERIES, Clinic, Wrapped, outcome


def test_a_cancel_without_a_reason_asks_for_one_when_the_booking_system_records_reasons(clinic: Clinic) -> None:
    conversation = clinic.start("cancel john smith")
    assert conversation.step is Step.NEED_REASON
    assert conversation.appointment is not None and conversation.appointment.id == JOHN


def test_a_cancel_is_not_asked_why_when_the_booking_system_keeps_no_reasons(clinic: Clinic) -> None:
    backend = Wrapped(
        clinic.sandbox, capabilities=clinic.sandbox.capabilities.model_copy(update={"records_cancel_reason": False})
    )
    clinic.engine.backend = backend
    assert clinic.start("cancel john smith").step is Step.CONFIRM


def test_a_reason_given_in_the_request_skips_the_question(clinic: Clinic) -> None:
    conversation = clinic.start("cancel john smith, feeling better")
    assert conversation.step is Step.CONFIRM
    assert conversation.reason is CancelReason.FEELING_BETTER
    assert conversation.note is None


def test_a_reason_picked_by_button_goes_to_confirm(clinic: Clinic) -> None:
    conversation = clinic.click(clinic.start("cancel john smith"), "choose_reason", value="Sick")
    assert conversation.step is Step.CONFIRM
    assert conversation.reason is CancelReason.SICK


def test_skipping_the_reason_cancels_without_one(clinic: Clinic) -> None:
    conversation = clinic.click(clinic.start("cancel john smith"), "skip_reason")
    assert conversation.step is Step.CONFIRM and conversation.reason is None
    done = clinic.engine.apply(clinic.click(conversation, "confirm"), clinic.clock())
    assert done.step is Step.DONE
    assert clinic.backend.cancels == [{"reason": None, "note": None, "apply_to_repeats": False}]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("she has the flu", CancelReason.SICK),
        ("got a new job, can't make it", CancelReason.WORK),
        ("twisted her ankle playing tennis", CancelReason.OTHER),
    ],
)
def test_a_typed_reason_is_mapped_and_the_words_are_kept_as_the_note(
    clinic: Clinic, typed: str, reason: CancelReason
) -> None:
    conversation = clinic.type(clinic.start("cancel john smith"), typed)
    assert conversation.step is Step.CONFIRM
    assert conversation.reason is reason
    assert conversation.note == typed
    clinic.engine.apply(clinic.click(conversation, "confirm"), clinic.clock())
    assert clinic.backend.cancels == [{"reason": reason, "note": typed, "apply_to_repeats": False}]


def test_words_typed_at_a_cancel_confirm_become_the_note(clinic: Clinic) -> None:
    conversation = clinic.type(clinic.start("cancel john smith, sick"), "will call back to rebook")
    assert conversation.step is Step.CONFIRM
    assert conversation.note == "will call back to rebook"


def test_confirming_a_cancel_cancels_it_in_the_booking_system(clinic: Clinic) -> None:
    confirm = clinic.start("cancel john smith, feeling better")
    done = clinic.engine.apply(clinic.click(confirm, "confirm"), clinic.clock())
    assert done.step is Step.DONE
    assert outcome(done) == "Cancelled the Follow-up visit on Tue Mar 10, 10:00 AM–10:15 AM."
    assert clinic.appointment(JOHN).status is AppointmentStatus.CANCELLED
    assert clinic.start("cancel john smith").step is Step.NEED_PATIENT, "it is no longer found as upcoming"


def _robert_first_visit(clinic: Clinic) -> Conversation:
    asked = clinic.start("cancel robert chen, away")
    assert asked.step is Step.CHOOSE_APPOINTMENT and [a.id for a in asked.candidates] == list(ROBERT_SERIES)
    conversation = clinic.click(asked, "choose_appointment", 0)
    assert conversation.step is Step.CONFIRM
    assert conversation.appointment is not None and conversation.appointment.repeats
    return conversation


def test_choosing_all_repeats_cancels_the_rest_of_the_series(clinic: Clinic) -> None:
    conversation = clinic.click(_robert_first_visit(clinic), "repeats", value="all")
    assert conversation.apply_to_repeats
    done = clinic.engine.apply(clinic.click(conversation, "confirm"), clinic.clock())
    assert done.step is Step.DONE
    assert [clinic.appointment(i).status for i in ROBERT_SERIES] == [AppointmentStatus.CANCELLED] * 4


def test_without_choosing_repeats_only_the_one_visit_is_cancelled(clinic: Clinic) -> None:
    conversation = clinic.click(_robert_first_visit(clinic), "repeats", value="this")
    assert not conversation.apply_to_repeats
    clinic.engine.apply(clinic.click(conversation, "confirm"), clinic.clock())
    assert [clinic.appointment(i).status for i in ROBERT_SERIES] == [AppointmentStatus.CANCELLED] + [
        AppointmentStatus.BOOKED
    ] * 3


def test_stopping_a_cancel_leaves_the_appointment_booked(clinic: Clinic) -> None:
    stopped = clinic.type(clinic.start("cancel john smith"), "never mind")
    assert stopped.step is Step.CANCELLED_BY_USER
    assert clinic.appointment(JOHN).status is AppointmentStatus.BOOKED
    assert clinic.backend.calls["cancel"] == 0
