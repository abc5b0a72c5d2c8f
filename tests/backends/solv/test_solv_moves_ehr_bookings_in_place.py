"""A booking linked to the clinic's EHR is moved in place through Solv's external-booking call."""

import pytest

from bot.backends.errors import InvalidRequest, SlotTaken
from bot.backends.solv import SolvBackend
from tests.backends.solv.support import TOMORROW_9AM, at, ehr_move, make_backend
from tests.fakes.solv_server import SolvServer


def test_an_ehr_booking_moves_in_place(solv: SolvServer, ehr_backend: SolvBackend) -> None:
    appointment, number, hold = ehr_move(solv, ehr_backend)

    moved = ehr_backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.id == str(number) and moved.start == at(2)
    assert solv.bookings[number]["appointment_date"] == hold.slot.key
    assert solv.availability(42, TOMORROW_9AM) == 1 and solv.availability(42, at(2)) == 0
    [call] = solv.calls_to("external_reschedule")
    assert call.json() == {"appointment_date": hold.slot.key, "external_location_id": "EXT-LOC-1", "service_id": "8"}
    assert solv.calls_to("create_booking") == []


def test_a_taken_time_is_reported_and_nothing_moves(solv: SolvServer, ehr_backend: SolvBackend) -> None:
    appointment, number, hold = ehr_move(solv, ehr_backend)
    solv.add_booking(42, at(2))
    with pytest.raises(SlotTaken):
        ehr_backend.reschedule(appointment, hold, idempotency_key="k1")
    assert solv.bookings[number]["appointment_date"].startswith("2026-12-02T15:00")


def test_a_service_id_solv_does_not_know_comes_back_as_its_field_message(
    solv: SolvServer, ehr_backend: SolvBackend
) -> None:
    appointment, _number, hold = ehr_move(solv, ehr_backend)
    wrong = make_backend(solv).settings.model_copy(update={"external_location_id": "EXT-LOC-1", "service_id": "9"})
    misconfigured = SolvBackend(wrong, clock=lambda: solv.now, sleep=lambda s: None)
    with pytest.raises(InvalidRequest) as raised:
        misconfigured.reschedule(appointment, hold, idempotency_key="k1")
    assert raised.value.field_errors == {"service_id": "service_id must be one of 7, 8, or 11"}
    assert "service_id: service_id must be one of 7, 8, or 11" in raised.value.staff_message
    misconfigured.close()


def test_without_the_ehr_settings_an_ehr_booking_is_not_moved(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, number, hold = ehr_move(solv, backend)
    with pytest.raises(InvalidRequest, match="SOLV_EXTERNAL_LOCATION_ID and SOLV_SERVICE_ID"):
        backend.reschedule(appointment, hold, idempotency_key="k1")
    assert solv.calls_to("create_booking") == [] and solv.calls_to("external_reschedule") == []
    assert [b["id"] for b in solv.booked()] == [number]


def test_a_move_solv_made_before_going_quiet_is_reported_done(solv: SolvServer, ehr_backend: SolvBackend) -> None:
    appointment, _number, hold = ehr_move(solv, ehr_backend)
    solv.drop_after_applying("external_reschedule")

    moved = ehr_backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.start == at(2)
    assert len(solv.calls_to("external_reschedule")) == 1
