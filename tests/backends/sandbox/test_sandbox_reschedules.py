"""Rescheduling moves the same appointment to the held time, once, and refuses a lapsed hold on a taken time."""

from datetime import timedelta

import pytest

from bot.backends.errors import AppointmentChanged, AppointmentNotFound, HoldExpired, SlotTaken
from bot.backends.sandbox import SandboxBackend
from bot.domain import Cancellation, CancelReason, Hold, Window
from tests.backends.sandbox.support import MORNING, NOW, MovableClock, booked_with, find, maria_on_tuesday, stolen_hold


def test_a_confirmed_move_keeps_the_appointment_and_changes_its_time(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    slot = backend.open_slots(maria, MORNING, now=NOW, limit=1)[0]
    moved = backend.reschedule(maria, backend.hold(maria, slot, now=NOW), idempotency_key="r1")
    assert moved.id == maria.id and moved.start == slot.start and moved.end == slot.end
    assert moved.status == "booked" and moved.reference == maria.reference
    assert backend.get_appointment(maria.id).start == slot.start
    assert [item.start for item in find(backend, name="maria lopez", around=MORNING)] == [slot.start]


def test_the_old_time_is_free_again_and_the_new_one_is_not(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = backend.open_slots(maria, MORNING, now=NOW, limit=1)[0]
    backend.reschedule(maria, backend.hold(maria, slot, now=NOW), idempotency_key="r1")
    tuesday = Window(start=maria.start, end=maria.start)
    assert [s.start for s in backend.open_slots(other, tuesday, now=NOW, limit=5)] == [maria.start]
    assert slot.start not in {s.start for s in backend.open_slots(other, MORNING, now=NOW, limit=100)}


def test_repeating_a_confirm_with_the_same_key_moves_nothing_again(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    first, second = backend.open_slots(maria, MORNING, now=NOW, limit=2)
    hold = backend.hold(maria, first, now=NOW)
    assert backend.reschedule(maria, hold, idempotency_key="r1").start == first.start
    assert backend.reschedule(maria, hold, idempotency_key="r1").start == first.start
    now_at_first = backend.get_appointment(maria.id)
    moved = backend.reschedule(now_at_first, backend.hold(now_at_first, second, now=NOW), idempotency_key="r2")
    assert moved.start == second.start
    assert backend.reschedule(maria, hold, idempotency_key="r1").start == second.start  # as it is now


def test_a_lapsed_hold_on_a_time_stolen_hold_is_refused(backend: SandboxBackend, clock: MovableClock) -> None:
    maria, _slot, hold = stolen_hold(backend, clock)
    with pytest.raises(HoldExpired):
        backend.reschedule(maria, hold, idempotency_key="r1")
    assert backend.get_appointment(maria.id).start == maria.start


def test_a_lapsed_hold_on_a_time_someone_else_now_holds_is_refused(
    backend: SandboxBackend, clock: MovableClock
) -> None:
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = backend.open_slots(maria, MORNING, now=NOW, limit=1)[0]
    hold = backend.hold(maria, slot, now=NOW)
    later = clock.advance(20)
    backend.hold(other, slot.model_copy(update={"end": slot.start + other.service.duration}), now=later)
    with pytest.raises((HoldExpired, SlotTaken)):
        backend.reschedule(maria, hold, idempotency_key="r1")


def test_a_lapsed_hold_on_a_time_still_free_still_moves(backend: SandboxBackend, clock: MovableClock) -> None:
    maria = maria_on_tuesday(backend)
    slot = backend.open_slots(maria, MORNING, now=NOW, limit=1)[0]
    hold = backend.hold(maria, slot, now=NOW)
    clock.advance(60)
    assert backend.reschedule(maria, hold, idempotency_key="r1").start == slot.start


def test_a_move_without_a_hold_is_refused_when_the_time_is_taken(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = backend.open_slots(other, MORNING, now=NOW, limit=1)[0]
    backend.reschedule(other, backend.hold(other, slot, now=NOW), idempotency_key="other")
    mine = slot.model_copy(update={"end": slot.start + maria.service.duration})
    with pytest.raises(SlotTaken):
        backend.reschedule(maria, Hold(id="", slot=mine), idempotency_key="r1")


def test_a_cancelled_or_unknown_appointment_cannot_be_moved(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    hold = backend.hold(maria, backend.open_slots(maria, MORNING, now=NOW, limit=1)[0], now=NOW)
    backend.cancel(maria, Cancellation(reason=CancelReason.AWAY), idempotency_key="c1")
    with pytest.raises(AppointmentChanged) as cancelled:
        backend.reschedule(maria, hold, idempotency_key="r1")
    assert cancelled.value.current is not None and cancelled.value.current.status == "cancelled"
    assert "cancelled" in cancelled.value.staff_message
    with pytest.raises(AppointmentChanged) as gone:
        backend.reschedule(maria.model_copy(update={"id": "apt-missing"}), hold, idempotency_key="r2")
    assert gone.value.current is None and "no longer exists" in gone.value.staff_message
    with pytest.raises(AppointmentNotFound):
        backend.get_appointment("apt-missing")


def test_a_hold_whose_time_has_passed_is_refused(backend: SandboxBackend, clock: MovableClock) -> None:
    maria = maria_on_tuesday(backend)
    slot = backend.open_slots(maria, MORNING, now=NOW, limit=1)[0]
    hold = backend.hold(maria, slot, now=NOW)
    clock.now = slot.start + timedelta(minutes=5)
    with pytest.raises(HoldExpired):
        backend.reschedule(maria, hold, idempotency_key="r1")
