"""A Cliniko appointment is moved in place, only onto a time Cliniko still shows open, and never twice.

Cliniko itself accepts double bookings, so the adapter is what keeps a moved
patient from landing on someone else's visit.
"""

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.backends.cliniko import ClinikoBackend
from bot.backends.errors import AppointmentNotFound, BackendUnavailable, InvalidRequest, PartiallyApplied, SlotTaken
from bot.domain import Appointment, Hold, PatientQuery, Window
from tests.backends.cliniko.support import NOW, TOMORROW_9AM, Clinic, at
from tests.fakes.cliniko_server import ClinikoStandIn, Fault


def chosen(cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend) -> tuple[Appointment, Hold]:
    """Maria's 9:00 tomorrow, and the 11:00 staff picked for it."""
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    [appointment] = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)
    [slot] = backend.open_slots(appointment, Window(start=at(2), end=at(2)), now=NOW, limit=5)
    return appointment, backend.hold(appointment, slot, now=NOW)


def start_of(cliniko: ClinikoStandIn, appointment: Appointment) -> str:
    return str(cliniko.appointment(appointment.id)["starts_at"])


def test_the_appointment_moves_to_the_chosen_time(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)

    moved = backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.id == appointment.id
    assert (moved.start, moved.end) == (at(2), at(2.5))
    assert start_of(cliniko, appointment) == "2026-12-02T17:00:00Z"
    [write] = cliniko.calls_to("update_appointment")
    assert write.method == "PATCH"
    assert write.json() == {"starts_at": "2026-12-02T17:00:00Z", "ends_at": "2026-12-02T17:30:00Z"}
    assert cliniko.double_bookings() == []


def test_availability_is_checked_again_just_before_writing(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    backend.reschedule(appointment, hold, idempotency_key="k1")
    recheck = cliniko.calls_to("available_times")[-1]
    assert (recheck.arg("from"), recheck.arg("to")) == ("2026-12-02", "2026-12-02")
    assert cliniko.calls.index(recheck) < cliniko.calls.index(cliniko.calls_to("update_appointment")[0])


def test_a_time_someone_else_took_after_it_was_chosen_is_refused(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    cliniko.book_someone_else(at(2))  # reception books the 11:00 while staff are confirming

    with pytest.raises(SlotTaken, match="just taken in Cliniko"):
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert cliniko.calls_to("update_appointment") == []
    assert start_of(cliniko, appointment) == "2026-12-02T15:00:00Z"
    assert cliniko.double_bookings() == []


def test_a_booking_that_slips_in_during_the_move_gets_its_time_back(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    # Someone books the 11:00 after the re-check answered, before the move is written.
    cliniko.after_call("available_times", lambda: cliniko.book_someone_else(at(2)))

    with pytest.raises(SlotTaken, match="the appointment is unchanged"):
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert start_of(cliniko, appointment) == "2026-12-02T15:00:00Z"
    assert cliniko.double_bookings() == []
    writes = [call.json() for call in cliniko.calls_to("update_appointment")]
    assert writes[-1] == {"starts_at": "2026-12-02T15:00:00Z", "ends_at": "2026-12-02T15:30:00Z"}


def test_a_failed_move_back_tells_staff_both_are_booked(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    cliniko.after_call("available_times", lambda: cliniko.book_someone_else(at(2)))
    cliniko.after_call("conflicts", lambda: cliniko.fail("update_appointment", *[Fault.status(500)] * 3))

    with pytest.raises(PartiallyApplied, match="both are booked at that time now"):
        backend.reschedule(appointment, hold, idempotency_key="k1")


def test_a_move_whose_answer_was_lost_is_read_back_not_repeated(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    cliniko.drop_after_applying("update_appointment")

    moved = backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.start == at(2)
    assert len(cliniko.calls_to("update_appointment")) == 1
    assert cliniko.double_bookings() == []


def test_a_move_that_timed_out_unapplied_is_not_sent_again(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    cliniko.fail("update_appointment", Fault.hang(0.35))

    with pytest.raises(BackendUnavailable) as raised:
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert raised.value.maybe_applied  # the engine reads the appointment back before telling staff anything
    assert len(cliniko.calls_to("update_appointment")) == 1
    assert start_of(cliniko, appointment) == "2026-12-02T15:00:00Z"


def test_a_server_error_on_the_move_is_not_retried_blindly(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    cliniko.fail("update_appointment", Fault.status(503))
    with pytest.raises(BackendUnavailable, match="server error"):
        backend.reschedule(appointment, hold, idempotency_key="k1")
    assert len(cliniko.calls_to("update_appointment")) == 1


def test_a_rate_limited_move_waits_and_goes_through(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    cliniko.fail("update_appointment", Fault.status(429, retry_after=2))
    assert backend.reschedule(appointment, hold, idempotency_key="k1").start == at(2)
    assert backend.slept == [2.0]  # type: ignore[attr-defined]
    assert len(cliniko.calls_to("update_appointment")) == 2


def test_an_appointment_deleted_meanwhile_is_not_moved(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    del cliniko.appointments[appointment.id]
    with pytest.raises(AppointmentNotFound):
        backend.reschedule(appointment, hold, idempotency_key="k1")


def made_up_time(cliniko: ClinikoStandIn, clinic: Clinic, appointment: Appointment, hold: Hold) -> Hold:
    """The hold names a time Cliniko never offered."""
    return hold.model_copy(update={"slot": hold.slot.model_copy(update={"key": ""})})


def given_to_another_practitioner(
    cliniko: ClinikoStandIn, clinic: Clinic, appointment: Appointment, hold: Hold
) -> Hold:
    """Reception gives the appointment to another practitioner while staff confirm."""
    cliniko.appointments[appointment.id]["practitioner_id"] = cliniko.add_practitioner(
        "Tom", "Reid", businesses=[clinic.business]
    )
    return hold


def time_passes(cliniko: ClinikoStandIn, clinic: Clinic, appointment: Appointment, hold: Hold) -> Hold:
    """The chosen time passes while staff confirm."""
    cliniko.now = at(2, day=TOMORROW_9AM) + timedelta(minutes=1)
    return hold


@pytest.mark.parametrize(
    ("meanwhile", "refusal", "says"),
    [
        pytest.param(made_up_time, InvalidRequest, "did not come from Cliniko", id="time-not-offered"),
        pytest.param(
            given_to_another_practitioner, InvalidRequest, "another business or practitioner", id="other-practitioner"
        ),
        pytest.param(time_passes, SlotTaken, "has already passed", id="time-passed"),
    ],
)
def test_a_move_that_can_no_longer_be_made_is_refused_and_nothing_is_written(
    cliniko: ClinikoStandIn,
    clinic: Clinic,
    backend: ClinikoBackend,
    meanwhile: Callable[[ClinikoStandIn, Clinic, Appointment, Hold], Hold],
    refusal: type[Exception],
    says: str,
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    hold = meanwhile(cliniko, clinic, appointment, hold)
    with pytest.raises(refusal, match=says):
        backend.reschedule(appointment, hold, idempotency_key="k1")
    assert cliniko.calls_to("update_appointment") == []


def test_a_place_in_a_group_class_is_not_moved(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    _appointment, hold = chosen(cliniko, clinic, backend)
    cliniko.add_group_class(at(3), [clinic.john])
    [place] = backend.find_appointments(PatientQuery(name="John Smith"), around=None, now=NOW)

    with pytest.raises(InvalidRequest, match="group class"):
        backend.open_slots(place, Window(start=at(1)), now=NOW, limit=5)
    with pytest.raises(InvalidRequest, match="group class"):
        backend.reschedule(place, hold, idempotency_key="k1")
    assert cliniko.calls_to("update_appointment") == []


def test_a_move_given_back_is_not_remembered_as_done(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment, hold = chosen(cliniko, clinic, backend)
    cliniko.after_call("available_times", lambda: cliniko.book_someone_else(at(2)))
    with pytest.raises(SlotTaken):
        backend.reschedule(appointment, hold, idempotency_key="k1")
    with pytest.raises(SlotTaken, match="just taken"):  # asked again: checked again, not reported as made
        backend.reschedule(appointment, hold, idempotency_key="k1")
