"""An appointment moves in place onto its reservation; a lapsed hold books nothing; a lost answer is read back."""

import pytest

from bot.backends.errors import BackendUnavailable, HoldExpired, InvalidRequest
from bot.backends.qmatic import QmaticBackend
from bot.domain import AppointmentStatus, Hold, Slot
from tests.backends.qmatic.support import (
    BRANCH,
    CONSULT,
    at,
    book_maria,
    find,
    held,
)
from tests.fakes.qmatic_server import Fault, QmaticServer


def test_the_appointment_moves_in_place_onto_the_reserved_time(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)

    moved = backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.id == appointment.id and moved.start == at(3) and moved.end == at(3.5)
    assert moved.status is AppointmentStatus.BOOKED
    [stored] = qmatic.booked()
    assert stored.id == appointment.id and stored.start == at(3)
    assert qmatic.is_free(BRANCH, at(1)) and not qmatic.is_free(BRANCH, at(3))
    assert qmatic.reservations[hold.id].state == "CONSUMED"
    [call] = qmatic.calls_to("reschedule")
    assert (call.method, call.path) == ("PUT", f"/external/v1/appointments/{appointment.id}/reschedule")
    assert call.json() == {"reservationId": hold.id}


def test_a_lapsed_hold_books_nothing_and_says_so(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)
    qmatic.advance(15 * 60)

    with pytest.raises(HoldExpired) as raised:
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert raised.value.staff_message == (
        "The hold on {time} ran out before it was confirmed (Qmatic keeps a time for 15 minutes). Nothing was booked."
    )
    assert raised.value.at == at(3)
    [stored] = qmatic.booked()
    assert stored.start == at(1)
    assert qmatic.is_free(BRANCH, at(3))


def test_a_lapsed_hold_whose_time_someone_else_took_books_nothing(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)
    qmatic.expire_reservations()
    other = qmatic.add_appointment("SOMEONE0000001", at(3), branch_id=BRANCH, service_ids=(CONSULT,))
    with pytest.raises(HoldExpired):
        backend.reschedule(appointment, hold, idempotency_key="k1")
    assert {a.id: a.start for a in qmatic.booked()} == {appointment.id: at(1), other: at(3)}


def test_a_repeat_of_a_move_already_made_reports_it_done(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)
    backend.reschedule(appointment, hold, idempotency_key="k1")

    again = backend.reschedule(appointment, hold, idempotency_key="k1")  # the re-read shows it already there

    assert again.start == at(3)
    assert len(qmatic.calls_to("reschedule")) == 1


def test_a_move_whose_answer_is_lost_is_read_back_not_repeated(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)
    qmatic.drop_after_applying("reschedule")

    moved = backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.start == at(3)
    assert len(qmatic.calls_to("reschedule")) == 1


def test_a_move_that_times_out_unmade_is_not_repeated(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)
    qmatic.fail("reschedule", Fault.hang(0.4))

    with pytest.raises(BackendUnavailable) as raised:
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert raised.value.maybe_applied
    assert len(qmatic.calls_to("reschedule")) == 1
    assert qmatic.booked()[0].start == at(1)


def test_a_move_answered_with_a_server_error_is_not_repeated(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)
    qmatic.fail("reschedule", Fault.status(502))

    with pytest.raises(BackendUnavailable, match="server error"):
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert len(qmatic.calls_to("reschedule")) == 1
    assert qmatic.booked()[0].start == at(1)


def test_a_move_qmatic_stops_answering_about_tells_staff_to_look(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)
    qmatic.fail("reschedule", Fault.drop())
    qmatic.fail("get", Fault.delay(0), *[Fault.status(503)] * 3)  # the re-read before writing still answers

    with pytest.raises(BackendUnavailable) as raised:
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert raised.value.maybe_applied
    assert raised.value.staff_message == (
        "Qmatic stopped answering while moving the appointment to {time}; it may or may not have "
        "moved. Check the appointment in Qmatic before trying again."
    )
    assert raised.value.at == at(3)


def test_a_rate_limited_move_is_waited_for_then_made(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)
    qmatic.fail("reschedule", Fault.status(429, retry_after=1))
    assert backend.reschedule(appointment, hold, idempotency_key="k1").start == at(3)
    assert backend.slept == [1.0]  # type: ignore[attr-defined]


def test_a_time_that_was_never_held_is_refused_without_a_call(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    unheld = Hold(id="", slot=Slot(start=at(3), end=at(3.5), location_id=BRANCH, key="a|b"))
    with pytest.raises(InvalidRequest, match="choose one of the times offered"):
        backend.reschedule(appointment, unheld, idempotency_key="k1")
    assert qmatic.calls_to("reschedule") == []


def test_releasing_a_hold_after_the_move_leaves_the_move_alone(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)
    backend.reschedule(appointment, hold, idempotency_key="k1")
    backend.release(hold)  # Qmatic: 400, already confirmed
    assert qmatic.booked()[0].start == at(3) and not qmatic.is_free(BRANCH, at(3))


def test_a_move_answered_without_a_body_is_read_back(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment, hold = held(qmatic, backend)
    original = qmatic._reschedule

    def no_content(request, *, combined):  # type: ignore[no-untyped-def]
        response = original(request, combined=combined)
        response.status, response.body = 204, None
        return response

    qmatic._reschedule = no_content  # type: ignore[method-assign]

    moved = backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.start == at(3)
    assert len(qmatic.calls_to("reschedule")) == 1
