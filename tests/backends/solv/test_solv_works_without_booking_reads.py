"""A Solv account that does not let partners read bookings: staff are told so plainly, EHR-linked bookings still move.

The booking read every lookup would use is on no published page. When Solv
refuses it (404 as for a path it does not serve, 405, or 403 for the
read:bookings scope), a booking linked to the clinic's EHR is moved and
cancelled by its EHR reference through the published external calls, at the
time the staff member stated, and the appointment says that its time is
stated, not read. A 404 that names the booking is only that booking missing.
"""

from collections.abc import Iterator

import pytest

from bot.backends.errors import BackendUnavailable, InvalidRequest
from bot.backends.solv import SolvBackend
from bot.backends.solv.vendor_errors import BookingReadsRefused
from bot.domain import Appointment, AppointmentStatus, Cancellation, CancelReason, PatientQuery, Window
from tests.backends.solv.support import NOW, TOMORROW_9AM, at, make_backend
from tests.fakes.solv_server import Fault, SolvServer

REFERENCE = "77031"
NO_READS = "This Solv account does not let partners read bookings"


@pytest.fixture(params=["missing", "method", "scope"])
def no_reads(request: pytest.FixtureRequest, solv: SolvServer) -> Iterator[SolvBackend]:
    """John Smith's EHR-linked booking (EHR reference 77031) tomorrow at 9 AM, on an account without reads."""
    for hours in (0, 3, 4):
        solv.add_slot(42, at(hours))
    solv.add_booking(42, TOMORROW_9AM, first_name="John", last_name="Smith", emr_booking_id=REFERENCE)
    solv.without_booking_reads(request.param)
    backend = make_backend(solv, external_location_id="EXT-LOC-1", service_id="8")
    yield backend
    backend.close()


def stated(backend: SolvBackend) -> Appointment:
    """Staff: "booking #77031, tomorrow 9am, ...": the reference and the time it is booked now."""
    instant = Window(start=TOMORROW_9AM, end=TOMORROW_9AM)
    [appointment] = backend.find_appointments(PatientQuery(booking_ref=REFERENCE), around=instant, now=NOW)
    return appointment


def test_an_ehr_linked_booking_is_moved_and_cancelled_by_its_reference_without_any_read(
    solv: SolvServer, no_reads: SolvBackend
) -> None:
    appointment = stated(no_reads)
    assert appointment.start_is_stated and appointment.start == TOMORROW_9AM
    assert appointment.reference == REFERENCE and not appointment.moves_by_rebooking
    [slot] = no_reads.open_slots(appointment, Window(start=at(3), end=at(3)), now=NOW, limit=1)

    moved = no_reads.reschedule(appointment, no_reads.hold(appointment, slot, now=NOW), idempotency_key="k1")

    assert moved.id == appointment.id and moved.start == at(3) and not moved.start_is_stated
    [booking] = solv.booked()
    assert booking["appointment_date"].startswith("2026-12-02T18:00")
    [call] = solv.calls_to("external_reschedule")
    assert call.path == f"/v1/partner/external_bookings/{REFERENCE}/reschedule"
    assert call.json() == {"appointment_date": slot.key, "external_location_id": "EXT-LOC-1", "service_id": "8"}

    [cancelled] = no_reads.cancel(
        moved, Cancellation(reason=CancelReason.AWAY, note="moving away"), idempotency_key="k2"
    )

    assert cancelled.status is AppointmentStatus.CANCELLED and cancelled.id == appointment.id
    assert solv.booked() == []
    assert solv.cancellation_reasons[booking["id"]] == "Away — moving away"
    assert solv.calls_to("update_status") == [] and solv.calls_to("create_booking") == []
    assert no_reads.booking_reads is False


def test_without_the_time_it_is_booked_staff_are_told_what_to_give(no_reads: SolvBackend) -> None:
    day = Window(start=TOMORROW_9AM, end=at(24))
    with pytest.raises(BookingReadsRefused) as raised:
        no_reads.find_appointments(PatientQuery(booking_ref=REFERENCE), around=day, now=NOW)
    message = raised.value.staff_message
    assert message.startswith(NO_READS)
    assert "give its EHR booking reference and the time it is booked now" in message
    with pytest.raises(BookingReadsRefused):
        no_reads.find_appointments(PatientQuery(booking_ref=REFERENCE), around=None, now=NOW)


def test_without_the_ehr_settings_staff_are_told_to_use_solv(solv: SolvServer) -> None:
    solv.without_booking_reads("missing")
    solv.add_booking(42, TOMORROW_9AM, emr_booking_id=REFERENCE)
    backend = make_backend(solv)
    instant = Window(start=TOMORROW_9AM, end=TOMORROW_9AM)
    with pytest.raises(BookingReadsRefused, match="move or cancel it in Solv"):
        backend.find_appointments(PatientQuery(booking_ref=REFERENCE), around=instant, now=NOW)
    backend.close()


def test_a_stated_booking_is_read_back_as_stated_until_a_restart_and_then_not_at_all(
    solv: SolvServer, no_reads: SolvBackend
) -> None:
    appointment = stated(no_reads)
    assert no_reads.get_appointment(appointment.id) == appointment

    restarted = make_backend(solv, external_location_id="EXT-LOC-1", service_id="8")
    with pytest.raises(InvalidRequest, match=f"{NO_READS}.*Check EHR booking {REFERENCE}"):
        restarted.get_appointment(appointment.id)
    restarted.close()


def test_a_move_whose_answer_is_lost_tells_staff_to_look_and_claims_nothing(
    solv: SolvServer, no_reads: SolvBackend
) -> None:
    appointment = stated(no_reads)
    [slot] = no_reads.open_slots(appointment, Window(start=at(3), end=at(3)), now=NOW, limit=1)
    solv.fail("external_reschedule", Fault.drop())

    with pytest.raises(BackendUnavailable) as raised:
        no_reads.reschedule(appointment, no_reads.hold(appointment, slot, now=NOW), idempotency_key="k1")

    assert raised.value.maybe_applied and raised.value.at == at(3)
    assert "check it in the EHR or in Solv" in raised.value.staff_message
    with pytest.raises(InvalidRequest, match=NO_READS):
        no_reads.get_appointment(appointment.id)  # what was stated may no longer be true
    assert len(solv.calls_to("external_reschedule")) == 1


def test_the_check_says_which_mode_the_account_is_in(solv: SolvServer, no_reads: SolvBackend) -> None:
    detail = no_reads.check().detail
    assert NO_READS in detail and "EHR-linked bookings are still moved and cancelled by their EHR reference" in detail
    readable = SolvServer()
    readable.add_location(42, "Downtown")
    readable.start()
    backend = make_backend(readable)
    assert "Booking reads work: staff look a booking up by its Solv booking number." in backend.check().detail
    backend.close()
    readable.stop()


def test_a_404_that_names_the_booking_is_only_that_booking_missing(solv: SolvServer) -> None:
    backend = make_backend(solv)
    assert backend.find_appointments(PatientQuery(booking_ref="12345"), around=None, now=NOW) == []
    assert backend.booking_reads is True
    backend.close()
