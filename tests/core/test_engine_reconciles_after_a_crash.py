"""A restart in the middle of a change: the booking system is read back, never asked to change again blindly."""

from __future__ import annotations

from bot.backends.errors import BackendUnavailable, InvalidRequest
from bot.domain import AppointmentStatus, Cancellation
from bot.engine import Conversation, Step
from tests.core.conftest import JOHN, Clinic, outcome

JOHN_START = "2026-03-10T10:00:00-05:00"


def _crashed_while_moving(clinic: Clinic) -> Conversation:
    applying = clinic.click(clinic.held(), "confirm")
    assert applying.step is Step.APPLYING
    return applying


def _crashed_while_cancelling(clinic: Clinic) -> Conversation:
    applying = clinic.click(clinic.start("cancel john smith, sick"), "confirm")
    assert applying.step is Step.APPLYING
    return applying


def _writes(clinic: Clinic) -> int:
    return clinic.backend.calls["reschedule"] + clinic.backend.calls["cancel"]


def test_a_cancel_the_booking_system_made_before_the_crash_is_reported_done(clinic: Clinic) -> None:
    applying = _crashed_while_cancelling(clinic)
    assert applying.appointment is not None and applying.idempotency_key
    clinic.sandbox.cancel(
        applying.appointment,
        Cancellation(reason=applying.reason),
        idempotency_key=applying.idempotency_key,
    )
    settled = clinic.engine.reconcile(applying, clinic.clock())
    assert settled.step is Step.DONE
    assert outcome(settled) == "Cancelled the Follow-up visit on Tue Mar 10, 10:00 AM–10:15 AM."
    assert _writes(clinic) == 0


def test_a_cancel_the_booking_system_never_received_is_failed_and_still_booked(clinic: Clinic) -> None:
    settled = clinic.engine.reconcile(_crashed_while_cancelling(clinic), clinic.clock())
    assert settled.step is Step.FAILED
    assert (
        outcome(settled) is not None
        and "still booked" in outcome(settled)
        and "Nothing was changed" in outcome(settled)
    )
    assert clinic.appointment(JOHN).status is AppointmentStatus.BOOKED
    assert _writes(clinic) == 0


def test_a_move_the_booking_system_made_before_the_crash_is_reported_done_at_the_held_time(clinic: Clinic) -> None:
    applying = _crashed_while_moving(clinic)
    assert applying.appointment is not None and applying.hold is not None and applying.idempotency_key
    clinic.sandbox.reschedule(applying.appointment, applying.hold, idempotency_key=applying.idempotency_key)
    settled = clinic.engine.reconcile(applying, clinic.clock())
    assert settled.step is Step.DONE
    assert settled.result is not None and settled.result.start == applying.hold.slot.start
    assert settled.hold is None
    assert _writes(clinic) == 0


def test_a_move_the_booking_system_never_received_is_failed_and_the_hold_given_back(clinic: Clinic) -> None:
    applying = _crashed_while_moving(clinic)
    assert applying.hold is not None
    settled = clinic.engine.reconcile(applying, clinic.clock())
    assert settled.step is Step.FAILED
    assert outcome(settled) is not None and "Nothing was changed; please start again." in outcome(settled)
    assert settled.hold is None
    assert clinic.offered_to_others(applying.hold.slot)
    assert clinic.appointment(JOHN).start.isoformat() == JOHN_START
    assert _writes(clinic) == 0


def test_a_booking_system_that_cannot_be_read_leaves_the_change_applying_for_the_next_start(clinic: Clinic) -> None:
    applying = _crashed_while_moving(clinic)
    clinic.backend.fail("get_appointment", BackendUnavailable())
    assert clinic.engine.reconcile(applying, clinic.clock()) is applying
    assert clinic.backend.calls["release"] == 0, "the hold is kept while the outcome is unknown"
    assert _writes(clinic) == 0


def test_a_booking_system_that_will_never_show_the_appointment_ends_it_saying_to_check(clinic: Clinic) -> None:
    """E.g. a Solv account without booking reads, after a restart: retrying for ever would tell nobody anything."""
    applying = _crashed_while_moving(clinic)
    refusal = "This account does not let partners read bookings. Check EHR booking 4417 in the EHR."
    clinic.backend.fail("get_appointment", InvalidRequest(refusal))
    settled = clinic.engine.reconcile(applying, clinic.clock())
    assert settled.step is Step.FAILED
    told = outcome(settled)
    assert told is not None and "The bot restarted while making this change" in told, told
    assert "may or may not have been made" in told and "Check EHR booking 4417 in the EHR" in told
    assert settled.partially_applied, "audited as partial: nobody can say it was not made"
    assert _writes(clinic) == 0


def test_reconcile_leaves_conversations_that_are_not_applying_alone(clinic: Clinic) -> None:
    held = clinic.held()
    assert clinic.engine.reconcile(held, clinic.clock()) is held
    assert clinic.backend.calls["get_appointment"] == 0
