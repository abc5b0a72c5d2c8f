"""Staff are offered only times Qmatic would reserve: free, for the appointment's service and branch, in the window."""

from datetime import timedelta

from bot.backends.qmatic import QmaticBackend
from bot.domain import Window
from tests.backends.qmatic.support import BRANCH, CONSULT, NOW, at, book_maria, find, make_backend, slots
from tests.fakes.qmatic_server import QmaticServer


def test_free_times_in_the_window_are_offered_earliest_first_in_the_branch_zone(
    qmatic: QmaticServer, backend: QmaticBackend
) -> None:
    book_maria(qmatic, at(1))
    qmatic.add_appointment("SOMEONE0000001", at(2), branch_id=BRANCH, service_ids=(CONSULT,))
    [appointment] = find(backend)

    offered = slots(backend, appointment, start=0.5, end=3)

    assert [slot.start for slot in offered] == [at(0.5), at(1.5), at(2.5)]  # own time and a booked one left out
    assert all(slot.end - slot.start == timedelta(minutes=30) for slot in offered)
    assert all(slot.location_id == BRANCH for slot in offered)
    assert offered[0].start.isoformat() == "2026-12-02T09:30:00+01:00"
    assert offered[0].key == "2026-12-02T09:30:00+01:00|2026-12-02T10:00:00+01:00"


def test_the_timeslot_call_names_service_branch_dates_and_party_size(
    qmatic: QmaticServer, backend: QmaticBackend
) -> None:
    book_maria(qmatic, number_of_reservations=2)
    [appointment] = find(backend)

    slots(backend, appointment)

    [call] = qmatic.calls_to("timeslots")
    assert call.path == f"/external/v1/branches/{BRANCH}/services/{CONSULT}/timeslots"
    assert call.arg("dates") == "2026-12-02"
    assert call.arg("numberOfReservations") == "2"


def test_times_held_by_someone_else_are_not_offered(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    [first, *_] = slots(backend, appointment, start=3, end=4)
    backend.hold(appointment, first, now=NOW)
    assert [slot.start for slot in slots(backend, appointment, start=3, end=4)] == [at(3.5)]


def test_a_week_is_asked_per_call_and_asking_stops_once_enough_are_found(
    qmatic: QmaticServer, backend: QmaticBackend
) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    qmatic.add_openings(BRANCH, at(24 * 9), count=4)  # ten days on

    found = backend.open_slots(appointment, Window(start=at(20)), now=NOW, limit=3)  # from 5 AM the day after

    assert [slot.start for slot in found] == [at(24 * 9), at(24 * 9 + 0.5), at(24 * 9 + 1)]
    dates = [call.arg("dates") for call in qmatic.calls_to("timeslots")]
    assert dates == [
        "2026-12-03,2026-12-04,2026-12-05,2026-12-06,2026-12-07,2026-12-08,2026-12-09",
        "2026-12-10,2026-12-11,2026-12-12,2026-12-13,2026-12-14,2026-12-15,2026-12-16",
    ]


def test_past_times_and_the_limit_are_respected(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic, at(6))
    [appointment] = find(backend)
    later = at(2) - timedelta(minutes=1)
    offered = backend.open_slots(appointment, Window(start=at(0)), now=later, limit=3)
    assert [slot.start for slot in offered] == [at(2), at(2.5), at(3)]


def test_a_window_already_past_asks_nothing(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    assert backend.open_slots(appointment, Window(start=at(0), end=at(1)), now=at(2), limit=5) == []
    assert qmatic.calls_to("timeslots") == []


def test_after_a_restart_the_appointment_is_read_once_for_its_service(qmatic: QmaticServer) -> None:
    book_maria(qmatic)
    before = make_backend(qmatic)
    [appointment] = find(before)
    before.close()
    restarted = make_backend(qmatic)

    slots(restarted, appointment)
    slots(restarted, appointment)

    assert len(qmatic.calls_to("get")) == 1
    restarted.close()
