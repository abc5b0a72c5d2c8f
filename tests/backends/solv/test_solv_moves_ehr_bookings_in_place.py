"""A booking linked to the clinic's EHR is moved in place through Solv's external-booking call."""

import pytest

from bot.backends.errors import BackendUnavailable, InvalidRequest, SlotTaken
from bot.backends.solv import SolvBackend
from bot.domain import Appointment, Hold, PatientQuery, Window
from tests.backends.solv.support import NOW, TOMORROW_9AM, at, make_backend
from tests.fakes.solv_server import Fault, SolvServer


def setup_move(solv: SolvServer, backend: SolvBackend) -> tuple[Appointment, int, Hold]:
    solv.add_slot(42, TOMORROW_9AM)
    solv.add_slot(42, at(2))
    number = solv.add_booking(42, TOMORROW_9AM, emr_booking_id="EHR/77", external_location_id="EXT-LOC-1")
    [appointment] = backend.find_appointments(PatientQuery(booking_ref=str(number)), around=None, now=NOW)
    [slot] = backend.open_slots(appointment, Window(start=at(1)), now=NOW, limit=5)
    return appointment, number, backend.hold(appointment, slot, now=NOW)


def test_an_ehr_booking_moves_in_place(solv: SolvServer, ehr_backend: SolvBackend) -> None:
    appointment, number, hold = setup_move(solv, ehr_backend)

    moved = ehr_backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.id == str(number) and moved.start == at(2)
    assert solv.bookings[number]["appointment_date"] == hold.slot.key
    assert solv.availability(42, TOMORROW_9AM) == 1 and solv.availability(42, at(2)) == 0
    [call] = solv.calls_to("external_reschedule")
    assert call.json() == {"appointment_date": hold.slot.key, "external_location_id": "EXT-LOC-1", "service_id": "8"}
    assert solv.calls_to("create_booking") == []


def test_a_taken_time_is_reported_and_nothing_moves(solv: SolvServer, ehr_backend: SolvBackend) -> None:
    appointment, number, hold = setup_move(solv, ehr_backend)
    solv.add_booking(42, at(2))
    with pytest.raises(SlotTaken):
        ehr_backend.reschedule(appointment, hold, idempotency_key="k1")
    assert solv.bookings[number]["appointment_date"].startswith("2026-12-02T15:00")


def test_a_service_id_solv_does_not_know_comes_back_as_its_field_message(
    solv: SolvServer, ehr_backend: SolvBackend
) -> None:
    appointment, _number, hold = setup_move(solv, ehr_backend)
    wrong = make_backend(solv).settings.model_copy(update={"external_location_id": "EXT-LOC-1", "service_id": "9"})
    misconfigured = SolvBackend(wrong, clock=lambda: solv.now, sleep=lambda s: None)
    with pytest.raises(InvalidRequest) as raised:
        misconfigured.reschedule(appointment, hold, idempotency_key="k1")
    assert raised.value.field_errors == {"service_id": "service_id must be one of 7, 8, or 11"}
    assert "service_id: service_id must be one of 7, 8, or 11" in raised.value.staff_message
    misconfigured.close()


def test_without_the_ehr_settings_an_ehr_booking_is_not_moved(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, number, hold = setup_move(solv, backend)
    with pytest.raises(InvalidRequest, match="SOLV_EXTERNAL_LOCATION_ID and SOLV_SERVICE_ID"):
        backend.reschedule(appointment, hold, idempotency_key="k1")
    assert solv.calls_to("create_booking") == [] and solv.calls_to("external_reschedule") == []
    assert [b["id"] for b in solv.booked()] == [number]


def test_a_move_that_times_out_is_read_back_not_repeated(solv: SolvServer, ehr_backend: SolvBackend) -> None:
    appointment, number, hold = setup_move(solv, ehr_backend)
    solv.fail("external_reschedule", Fault.hang(0.6))

    with pytest.raises(BackendUnavailable):
        ehr_backend.reschedule(appointment, hold, idempotency_key="k1")

    assert len(solv.calls_to("external_reschedule")) == 1
    assert solv.bookings[number]["appointment_date"].startswith("2026-12-02T15:00")


def test_a_move_solv_made_before_going_quiet_is_reported_done(solv: SolvServer, ehr_backend: SolvBackend) -> None:
    appointment, _number, hold = setup_move(solv, ehr_backend)
    solv.drop_after_applying("external_reschedule")

    moved = ehr_backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.start == at(2)
    assert len(solv.calls_to("external_reschedule")) == 1
