"""A move or cancel is made only if the appointment is still where staff saw it: two desks never both win."""

import threading
from collections.abc import Callable
from functools import partial

import pytest

from bot.backends.errors import AppointmentChanged
from bot.backends.sandbox import SandboxBackend
from bot.domain import Appointment, Cancellation, CancelReason, Hold
from tests.backends.sandbox.support import MORNING, NOW, WEEK, maria_on_tuesday

TRIALS = 50


def diary_times(backend: SandboxBackend) -> dict[str, tuple[object, str]]:
    return {e.appointment.id: (e.appointment.start, e.appointment.status.value) for e in backend.diary()}


def race(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls at the same instant on their own threads; each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def desk(index: int) -> None:
        barrier.wait()
        try:
            outcomes[index] = calls[index]()
        except Exception as error:  # the outcome under test
            outcomes[index] = error

    threads = [threading.Thread(target=desk, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_desks_confirming_different_times_for_one_appointment_move_it_once(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    for trial in range(TRIALS):
        seen = backend.get_appointment(maria.id)
        first, second = backend.open_slots(seen, WEEK, now=NOW, limit=2)
        holds = [backend.hold(seen, first, now=NOW), backend.hold(seen, second, now=NOW)]
        before = diary_times(backend)
        outcomes = race(
            [
                partial(backend.reschedule, seen, hold, idempotency_key=f"t{trial}-{index}")
                for index, hold in enumerate(holds)
            ]
        )
        moved = [outcome for outcome in outcomes if isinstance(outcome, Appointment)]
        refused = [outcome for outcome in outcomes if isinstance(outcome, AppointmentChanged)]
        assert len(moved) == 1 and len(refused) == 1, (trial, outcomes)
        assert refused[0].current is not None and refused[0].current.start == moved[0].start
        after = diary_times(backend)
        assert [key for key in after if after[key] != before[key]] == [maria.id]
        assert after[maria.id][0] in (first.start, second.start)


def test_a_move_from_a_time_staff_no_longer_see_is_refused_and_changes_nothing(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    first, second = backend.open_slots(maria, MORNING, now=NOW, limit=2)
    stale_hold = backend.hold(maria, second, now=NOW)
    backend.reschedule(maria, backend.hold(maria, first, now=NOW), idempotency_key="desk-a")
    before = diary_times(backend)
    with pytest.raises(AppointmentChanged) as refused:
        backend.reschedule(maria, stale_hold, idempotency_key="desk-b")
    assert refused.value.current is not None and refused.value.current.start == first.start
    assert "moved" in refused.value.staff_message
    assert diary_times(backend) == before


def test_repeating_our_own_move_after_a_lost_answer_returns_the_appointment(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    slot = backend.open_slots(maria, MORNING, now=NOW, limit=1)[0]
    hold = backend.hold(maria, slot, now=NOW)
    backend.reschedule(maria, hold, idempotency_key="r1")
    before = diary_times(backend)
    again = backend.reschedule(maria, hold, idempotency_key="another-key")  # already at the held slot
    assert again.id == maria.id and again.start == slot.start and again.status == "booked"
    assert diary_times(backend) == before


def test_a_move_without_a_hold_is_conditional_too(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    first, second = backend.open_slots(maria, MORNING, now=NOW, limit=2)
    backend.reschedule(maria, Hold(id="", slot=first), idempotency_key="r1")
    with pytest.raises(AppointmentChanged):
        backend.reschedule(maria, Hold(id="", slot=second), idempotency_key="r2")
    assert backend.get_appointment(maria.id).start == first.start


def test_a_cancel_of_an_appointment_moved_meanwhile_is_refused_and_it_stays_booked(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    slot = backend.open_slots(maria, MORNING, now=NOW, limit=1)[0]
    backend.reschedule(maria, backend.hold(maria, slot, now=NOW), idempotency_key="r1")
    with pytest.raises(AppointmentChanged) as refused:
        backend.cancel(maria, Cancellation(reason=CancelReason.SICK), idempotency_key="c1")
    assert refused.value.current is not None and refused.value.current.start == slot.start
    now = backend.get_appointment(maria.id)
    assert now.status == "booked" and now.start == slot.start


def test_a_move_and_a_cancel_confirmed_at_once_one_wins_and_the_other_is_told(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    for trial in range(10):
        seen = backend.get_appointment(maria.id)
        if seen.status == "cancelled":
            break
        slot = backend.open_slots(seen, WEEK, now=NOW, limit=1)[0]
        hold = backend.hold(seen, slot, now=NOW)
        outcomes = race(
            [
                partial(backend.reschedule, seen, hold, idempotency_key=f"m{trial}"),
                partial(backend.cancel, seen, Cancellation(), idempotency_key=f"c{trial}"),
            ]
        )
        moved, cancelled = outcomes
        now = backend.get_appointment(maria.id)
        if isinstance(moved, Appointment):
            assert isinstance(cancelled, AppointmentChanged) and now.status == "booked" and now.start == slot.start
        else:
            assert isinstance(moved, AppointmentChanged) and moved.current is not None
            assert isinstance(cancelled, list) and now.status == "cancelled" and now.start == seen.start
