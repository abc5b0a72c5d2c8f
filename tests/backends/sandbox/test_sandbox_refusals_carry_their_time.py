"""A refusal about a time carries that instant for the views to word in the reader's zone, and never words it
itself (one card, one zone)."""

import re
from datetime import timedelta

import pytest

from bot.backends.errors import AppointmentChanged, BookingError, HoldExpired, SlotTaken
from bot.backends.sandbox import SandboxBackend
from tests.backends.sandbox.support import MORNING, NOW, MovableClock, booked_with, maria_on_tuesday, stolen_hold

WORDED_TIME = re.compile(
    r"\d{1,2}(:\d{2})?\s*([AaPp]\.?[Mm]\b)|\b\d{1,2}:\d{2}\b|\d{4}-\d{2}-\d{2}|\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b"
    r"|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b[A-Z]{2}T\b"
)


def words_no_time(error: BookingError) -> bool:
    return WORDED_TIME.search(error.staff_message) is None


def test_a_time_someone_else_has_is_refused_with_that_instant(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = backend.open_slots(maria, MORNING, now=NOW, limit=1)[0]
    backend.hold(other, slot.model_copy(update={"end": slot.start + other.service.duration}), now=NOW)
    with pytest.raises(SlotTaken) as taken:
        backend.hold(maria, slot, now=NOW)
    assert taken.value.at == slot.start and words_no_time(taken.value)


def test_a_time_already_past_is_refused_with_that_instant(backend: SandboxBackend, clock: MovableClock) -> None:
    maria = maria_on_tuesday(backend)
    slot = backend.open_slots(maria, MORNING, now=NOW, limit=1)[0]
    hold = backend.hold(maria, slot, now=NOW)
    with pytest.raises(SlotTaken) as past:
        backend.hold(maria, slot, now=slot.start + timedelta(minutes=1))
    assert past.value.at == slot.start and words_no_time(past.value)
    clock.now = slot.start + timedelta(minutes=5)
    with pytest.raises(HoldExpired) as lapsed:
        backend.reschedule(maria, hold, idempotency_key="r1")
    assert lapsed.value.at == slot.start and words_no_time(lapsed.value)


def test_a_lapsed_hold_on_a_time_stolen_hold_is_refused_with_that_instant(
    backend: SandboxBackend, clock: MovableClock
) -> None:
    maria, slot, hold = stolen_hold(backend, clock)
    with pytest.raises(HoldExpired) as lapsed:
        backend.reschedule(maria, hold, idempotency_key="r1")
    assert lapsed.value.at == slot.start and words_no_time(lapsed.value)


def test_a_move_made_elsewhere_is_told_without_wording_the_new_time(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    first, second = backend.open_slots(maria, MORNING, now=NOW, limit=2)
    late = backend.hold(maria, second, now=NOW)
    backend.reschedule(maria, backend.hold(maria, first, now=NOW), idempotency_key="r1")
    with pytest.raises(AppointmentChanged) as changed:
        backend.reschedule(maria, late, idempotency_key="r2")
    assert words_no_time(changed.value)
    assert changed.value.current is not None and changed.value.current.start == first.start
