"""A chosen time is reserved in Qmatic for 15 minutes while staff confirm, and given back when not used."""

from datetime import timedelta

import pytest

from bot.backends.errors import BackendUnavailable, InvalidRequest, SlotTaken
from bot.backends.qmatic import QmaticBackend
from bot.domain import Hold, Slot
from tests.backends.qmatic.support import BRANCH, CONSULT, NOW, at, book_maria, find, held, slots
from tests.fakes.qmatic_server import Fault, QmaticServer


def test_a_reservation_is_the_hold_and_lasts_fifteen_minutes(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    _appointment, hold = held(qmatic, backend)

    [reservation] = qmatic.active_reservations()
    assert hold.id == reservation.id and hold.is_real
    assert hold.expires_at == NOW + timedelta(minutes=15)
    assert hold.slot.start == at(3)
    assert not qmatic.is_free(BRANCH, at(3))
    [call] = qmatic.calls_to("reserve")
    assert call.path == "/external/v1/reservations"
    assert call.json() == {
        "serviceId": CONSULT,
        "branchId": BRANCH,
        "timeSlot": {"startTime": "2026-12-02T12:00:00+01:00", "endTime": "2026-12-02T12:30:00+01:00"},
        "numberOfReservations": 1,
    }


def test_a_time_someone_else_reserved_first_is_taken(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    slot = slots(backend, appointment)[0]
    backend.hold(appointment, slot, now=NOW)  # another conversation's hold

    with pytest.raises(SlotTaken, match="no longer free in Qmatic"):
        backend.hold(appointment, slot, now=NOW)

    assert len(qmatic.active_reservations()) == 1


def test_a_time_that_is_not_on_the_branch_diary_comes_back_as_qmatics_field_message(
    qmatic: QmaticServer, backend: QmaticBackend
) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    stray = Slot(
        start=at(0.25),
        end=at(0.75),
        location_id=BRANCH,
        key="2026-12-02T09:15:00+01:00|2026-12-02T09:45:00+01:00",
    )

    with pytest.raises(InvalidRequest) as raised:
        backend.hold(appointment, stray, now=NOW)

    assert raised.value.field_errors == {"timeSlot": "is not an available timeslot of this branch and service"}
    assert raised.value.staff_message == (
        "Qmatic rejected the change (timeSlot: is not an available timeslot of this branch and service)."
    )
    assert qmatic.reservations == {}


def test_a_time_not_offered_by_qmatic_is_refused_without_a_call(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    with pytest.raises(InvalidRequest, match="choose one of the times offered"):
        backend.hold(appointment, Slot(start=at(2), end=at(2.5), location_id=BRANCH), now=NOW)
    assert qmatic.calls_to("reserve") == []


def test_a_reserve_is_never_sent_twice_after_a_server_error(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    qmatic.fail("reserve", Fault.status(503))
    with pytest.raises(BackendUnavailable, match="server error"):
        backend.hold(appointment, slots(backend, appointment)[0], now=NOW)
    assert len(qmatic.calls_to("reserve")) == 1


def test_a_reserve_whose_answer_is_lost_says_nothing_was_booked(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    qmatic.drop_after_applying("reserve")

    with pytest.raises(BackendUnavailable) as raised:
        backend.hold(appointment, slots(backend, appointment)[0], now=NOW)

    assert len(qmatic.calls_to("reserve")) == 1
    assert "Nothing was booked" in raised.value.staff_message
    assert "lapses by itself within 15 minutes" in raised.value.staff_message
    assert not raised.value.maybe_applied


def test_a_rate_limited_reserve_is_waited_for_then_made(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    qmatic.fail("reserve", Fault.status(429, retry_after=2))
    hold = backend.hold(appointment, slots(backend, appointment)[0], now=NOW)
    assert backend.slept == [2.0]  # type: ignore[attr-defined]
    assert [r.id for r in qmatic.active_reservations()] == [hold.id]


def test_releasing_gives_the_time_back(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    _appointment, hold = held(qmatic, backend)

    backend.release(hold)

    assert qmatic.active_reservations() == [] and qmatic.is_free(BRANCH, at(3))
    [call] = qmatic.calls_to("release")
    assert (call.method, call.path) == ("DELETE", f"/external/v1/reservations/reservations/{hold.id}")


def test_releasing_twice_is_harmless(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    _appointment, hold = held(qmatic, backend)
    backend.release(hold)
    backend.release(hold)
    assert len(qmatic.calls_to("release")) == 2


def test_releasing_a_lapsed_or_unknown_reservation_is_harmless(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    _appointment, hold = held(qmatic, backend)
    qmatic.advance(16 * 60)
    backend.release(hold)
    backend.release(hold.model_copy(update={"id": "never-reserved"}))
    assert qmatic.is_free(BRANCH, at(3))


def test_a_hold_lapses_by_itself_after_fifteen_minutes(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, _hold = held(qmatic, backend)
    qmatic.advance(14 * 60)
    assert at(3) not in [slot.start for slot in slots(backend, appointment)]
    qmatic.advance(60)
    assert at(3) in [slot.start for slot in slots(backend, appointment)]


def test_a_release_dropped_on_the_way_is_retried(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    _appointment, hold = held(qmatic, backend)
    qmatic.drop_after_applying("release")
    backend.release(hold)
    assert len(qmatic.calls_to("release")) == 2
    assert qmatic.active_reservations() == []


def test_a_hold_without_an_id_asks_qmatic_nothing(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    backend.release(Hold(id="", slot=Slot(start=at(1), end=at(1.5), location_id=BRANCH)))
    assert qmatic.calls_to("release") == []
