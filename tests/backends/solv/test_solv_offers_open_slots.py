"""Staff are offered only times Solv would accept: places left, not busy, inside the window, not past."""

from datetime import timedelta

from bot.backends.solv import SolvBackend
from bot.domain import Appointment, PatientQuery, Window
from tests.backends.solv.support import NOW, TOMORROW_9AM, at, make_backend
from tests.fakes.solv_server import SolvServer


def booked(solv: SolvServer, backend: SolvBackend) -> Appointment:
    number = solv.add_booking(42, TOMORROW_9AM)
    [found] = backend.find_appointments(PatientQuery(booking_ref=str(number)), around=None, now=NOW)
    return found


def test_only_open_times_inside_the_window_are_offered_earliest_first(solv: SolvServer, backend: SolvBackend) -> None:
    appointment = booked(solv, backend)
    solv.add_slot(42, at(3))
    solv.add_slot(42, at(1), availability=2)
    solv.add_slot(42, at(2), availability=0)
    solv.add_slot(42, at(2.5), busy=True)
    solv.add_slot(42, at(9))  # after the window
    solv.add_slot(43, at(1.5))  # another location

    slots = backend.open_slots(appointment, Window(start=at(0), end=at(8)), now=NOW, limit=5)

    assert [slot.start for slot in slots] == [at(1), at(3)]
    assert all(slot.end - slot.start == timedelta(minutes=15) for slot in slots)
    assert all(slot.location_id == "42" for slot in slots)


def test_the_slot_key_is_solvs_own_string(solv: SolvServer, backend: SolvBackend) -> None:
    appointment = booked(solv, backend)
    exact = solv.add_slot(42, at(1))
    [slot] = backend.open_slots(appointment, Window(start=at(0)), now=NOW, limit=5)
    assert slot.key == exact


def test_past_times_and_the_current_time_are_not_offered(solv: SolvServer, backend: SolvBackend) -> None:
    appointment = booked(solv, backend)
    solv.add_slot(42, TOMORROW_9AM, availability=3)  # the appointment's own time
    later = NOW + timedelta(hours=2)
    solv.add_slot(42, later)
    slots = backend.open_slots(
        appointment, Window(start=NOW - timedelta(hours=5)), now=later - timedelta(minutes=1), limit=5
    )
    assert [slot.start for slot in slots] == [later]
    none = backend.open_slots(appointment, Window(start=NOW), now=later + timedelta(minutes=1), limit=5)
    assert none == []


def test_the_limit_is_respected(solv: SolvServer, backend: SolvBackend) -> None:
    appointment = booked(solv, backend)
    for quarter in range(1, 12):
        solv.add_slot(42, at(quarter / 4))
    assert len(backend.open_slots(appointment, Window(start=at(0)), now=NOW, limit=3)) == 3


def test_the_configured_visit_type_chooses_the_slots(solv: SolvServer) -> None:
    adapter = make_backend(solv, visit_type_id=7)
    appointment = booked(solv, adapter)
    solv.add_slot(42, at(1), visit_type_id=7)
    solv.add_slot(42, at(2), visit_type_id=9)
    slots = adapter.open_slots(appointment, Window(start=at(0)), now=NOW, limit=5)
    assert [slot.start for slot in slots] == [at(1)]
    assert solv.calls_to("slots")[-1].arg("visit_type_id") == "7"
    adapter.close()


def test_solv_has_no_holds(solv: SolvServer, backend: SolvBackend) -> None:
    appointment = booked(solv, backend)
    solv.add_slot(42, at(1))
    [slot] = backend.open_slots(appointment, Window(start=at(0)), now=NOW, limit=5)
    hold = backend.hold(appointment, slot, now=NOW)
    assert not hold.is_real and hold.slot == slot
    backend.release(hold)
    assert backend.capabilities.holds_slots is False
    assert solv.availability(42, at(1)) == 1
