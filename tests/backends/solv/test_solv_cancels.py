"""Cancelling: a Solv booking's status is set to cancelled; an EHR-linked one is cancelled with the reason."""

from bot.backends.solv import SolvBackend
from bot.domain import Appointment, AppointmentStatus, Cancellation, CancelReason, PatientQuery
from tests.backends.solv.support import NOW, TOMORROW_9AM
from tests.fakes.solv_server import SolvServer


def found(solv: SolvServer, backend: SolvBackend, **booking: str) -> tuple[Appointment, int]:
    solv.add_slot(42, TOMORROW_9AM)
    number = solv.add_booking(42, TOMORROW_9AM, **booking)
    [appointment] = backend.find_appointments(PatientQuery(booking_ref=str(number)), around=None, now=NOW)
    return appointment, number


def cancel(backend: SolvBackend, appointment: Appointment, note: str | None = None) -> Appointment:
    return backend.cancel(
        appointment,
        Cancellation(reason=CancelReason.FEELING_BETTER, note=note),
        idempotency_key="k1",
    )[0]


def test_a_solv_booking_is_cancelled_and_its_place_given_back(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, number = found(solv, backend)

    result = cancel(backend, appointment)

    assert result.status is AppointmentStatus.CANCELLED
    assert solv.bookings[number]["status"] == "cancelled"
    assert solv.availability(42, TOMORROW_9AM) == 1
    assert [call.json() for call in solv.calls_to("update_status")] == [{"status": "cancelled"}]


def test_an_ehr_booking_is_cancelled_with_the_reason_and_note(solv: SolvServer, ehr_backend: SolvBackend) -> None:
    appointment, number = found(solv, ehr_backend, emr_booking_id="EHR-77")

    result = cancel(ehr_backend, appointment, note="called on Monday")

    assert result.status is AppointmentStatus.CANCELLED
    assert solv.cancellation_reasons[number] == "Feeling Better — called on Monday"
    [call] = solv.calls_to("external_cancel")
    assert call.method == "DELETE"
    assert call.json() == {
        "external_location_id": "EXT-LOC-1",
        "service_id": "8",
        "cancellation_reason": "Feeling Better — called on Monday",
    }
    assert solv.calls_to("update_status") == []
    assert ehr_backend.capabilities.records_cancel_reason is True


def test_without_ehr_settings_an_ehr_booking_is_cancelled_by_status(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, number = found(solv, backend, emr_booking_id="EHR-77")
    cancel(backend, appointment)
    assert solv.bookings[number]["status"] == "cancelled"
    assert solv.calls_to("external_cancel") == []
    assert backend.capabilities.records_cancel_reason is False
