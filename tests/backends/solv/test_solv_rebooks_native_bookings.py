"""A booking made in Solv cannot be moved: it is rebooked (new first, then the old cancelled).

Whatever goes wrong, the patient keeps at least one booking and staff are told
exactly which bookings exist.
"""

import pytest

from bot.backends.errors import BackendUnavailable, PartiallyApplied, SlotTaken
from bot.backends.solv import SolvBackend
from bot.domain import Hold, Slot
from tests.backends.solv.support import TOMORROW_9AM, at, setup_move
from tests.fakes.solv_server import Fault, SolvServer


def test_a_rebook_makes_the_new_booking_then_cancels_the_old(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, old, hold = setup_move(solv, backend, email="ada@example.org", address_zip="78701")
    assert appointment.moves_by_rebooking and not backend.capabilities.reschedule_in_place

    moved = backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.start == at(2)
    assert moved.id != str(old)
    new = solv.bookings[int(moved.id)]
    assert (new["first_name"], new["last_name"], new["birth_date"], new["phone"]) == (
        "Ada",
        "Lovelace",
        "1990-12-10",
        "5125550101",
    )
    assert new["email"] == "ada@example.org" and new["address_zip"] == "78701"
    assert new["appointment_date"] == hold.slot.key
    assert solv.bookings[old]["status"] == "cancelled"
    assert [b["id"] for b in solv.booked()] == [new["id"]]
    assert solv.availability(42, TOMORROW_9AM) == 1
    assert solv.availability(42, at(2)) == 0
    creates = solv.calls_to("create_booking")
    cancels = solv.calls_to("update_status")
    assert len(creates) == 1 and len(cancels) == 1
    assert solv.calls.index(creates[0]) < solv.calls.index(cancels[0])


def test_a_solv_rebook_whose_cancel_step_fails(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, old, hold = setup_move(solv, backend)
    solv.fail("update_status", Fault.status(500), Fault.status(500), Fault.status(500))

    with pytest.raises(PartiallyApplied) as raised:
        backend.reschedule(appointment, hold, idempotency_key="k1")

    [new] = [b for b in solv.booked() if b["id"] != old]
    message = raised.value.staff_message
    assert message == (
        f"The new booking #{new['id']} at {{time}} is made, but the old booking #{old} could not be "
        f"cancelled (Solv answered with a server error (500)): both are booked now — cancel #{old} in Solv."
    )
    assert raised.value.new_appointment_id == str(new["id"])
    assert raised.value.at == hold.slot.start
    assert solv.bookings[old]["status"] == "reserved"
    assert len(solv.calls_to("create_booking")) == 1


def test_a_repeat_after_a_half_done_rebook_only_retries_the_cancel(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, old, hold = setup_move(solv, backend)
    solv.fail("update_status", Fault.drop(), Fault.drop(), Fault.drop())
    with pytest.raises(PartiallyApplied, match="Solv did not answer"):
        backend.reschedule(appointment, hold, idempotency_key="k1")

    moved = backend.reschedule(appointment, hold, idempotency_key="k1")

    assert len(solv.calls_to("create_booking")) == 1
    assert solv.bookings[old]["status"] == "cancelled"
    assert [b["id"] for b in solv.booked()] == [int(moved.id)]


def test_a_rebook_onto_a_time_just_taken_changes_nothing(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, old, hold = setup_move(solv, backend)
    solv.add_booking(42, at(2), first_name="Grace")  # someone else takes the last place

    with pytest.raises(SlotTaken, match="no longer open in Solv"):
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert solv.bookings[old]["status"] == "reserved"
    assert solv.calls_to("update_status") == []
    assert len(solv.booked()) == 2


def test_a_create_that_times_out_is_never_sent_twice(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, old, hold = setup_move(solv, backend)
    solv.fail("create_booking", Fault.hang(0.6))

    with pytest.raises(BackendUnavailable) as raised:
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert len(solv.calls_to("create_booking")) == 1
    assert "may or may not have been made" in raised.value.staff_message
    assert f"old booking #{old} is unchanged" in raised.value.staff_message
    assert solv.bookings[old]["status"] == "reserved"
    assert solv.calls_to("update_status") == []


def test_a_rate_limited_create_is_waited_for_then_made(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, _old, hold = setup_move(solv, backend)
    solv.fail("create_booking", Fault.status(429, retry_after=2))

    moved = backend.reschedule(appointment, hold, idempotency_key="k1")

    assert backend.slept == [2.0]  # type: ignore[attr-defined]
    assert [b["id"] for b in solv.booked()] == [int(moved.id)]


def test_a_slot_not_from_solv_is_refused(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, _old, _hold = setup_move(solv, backend)
    stray = Hold(id="", slot=Slot(start=at(2), end=at(2.25), location_id="42"))
    with pytest.raises(Exception, match="choose one of the times offered"):
        backend.reschedule(appointment, stray, idempotency_key="k1")
    assert solv.calls_to("create_booking") == []


def test_a_create_applied_but_unanswered_is_not_repeated_and_staff_are_told_to_look(
    solv: SolvServer, backend: SolvBackend
) -> None:
    appointment, old, hold = setup_move(solv, backend)
    solv.drop_after_applying("create_booking")

    with pytest.raises(BackendUnavailable, match=r"Look in Solv for a booking at \{time\}") as raised:
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert raised.value.at == hold.slot.start
    assert len(solv.calls_to("create_booking")) == 1
    assert len(solv.booked()) == 2  # what the sentence warns about: the new one may exist
    assert solv.bookings[old]["status"] == "reserved"


def test_an_old_booking_cancelled_but_unanswered_is_read_back_as_done(solv: SolvServer, backend: SolvBackend) -> None:
    appointment, old, hold = setup_move(solv, backend)
    solv.drop_after_applying("update_status", times=3)

    moved = backend.reschedule(appointment, hold, idempotency_key="k1")

    assert solv.bookings[old]["status"] == "cancelled"
    assert [b["id"] for b in solv.booked()] == [int(moved.id)]
