"""A repeating series: the confirm card can list exactly what "this and later ones" will cancel, and the cancel
returns each appointment it changed."""

import pytest

from bot.backends.errors import AppointmentChanged
from bot.backends.sandbox import SandboxBackend
from bot.domain import Appointment, Cancellation, CancelReason, Window
from tests.backends.sandbox.support import NOW, maria_on_tuesday


def series(backend: SandboxBackend) -> list[Appointment]:
    """Robert Chen's four weekly physiotherapy sessions, by start."""
    return [e.appointment for e in backend.diary() if e.appointment.patient.name == "Robert Chen"]


def ids(appointments: list[Appointment]) -> list[str]:
    return [item.id for item in appointments]


def test_later_repeats_are_the_booked_later_occurrences_in_start_order(backend: SandboxBackend) -> None:
    first, second, third, fourth = series(backend)
    assert ids(backend.later_repeats(first, now=NOW)) == [second.id, third.id, fourth.id]
    assert ids(backend.later_repeats(second, now=NOW)) == [third.id, fourth.id]
    assert backend.later_repeats(fourth, now=NOW) == []
    assert all(item.status == "booked" and item.repeats for item in backend.later_repeats(first, now=NOW))


def test_an_appointment_that_does_not_repeat_has_no_later_repeats(backend: SandboxBackend) -> None:
    assert backend.later_repeats(maria_on_tuesday(backend), now=NOW) == []


def test_an_occurrence_cancelled_on_its_own_is_no_longer_listed(backend: SandboxBackend) -> None:
    first, second, third, fourth = series(backend)
    backend.cancel(third, Cancellation(), idempotency_key="c0")
    assert ids(backend.later_repeats(first, now=NOW)) == [second.id, fourth.id]


def test_the_series_cancel_changes_exactly_what_was_listed_and_returns_each_chosen_first(
    backend: SandboxBackend,
) -> None:
    first, second, third, fourth = series(backend)
    listed = backend.later_repeats(second, now=NOW)
    changed = backend.cancel(
        second, Cancellation(reason=CancelReason.AWAY, note="moving away", apply_to_repeats=True), idempotency_key="c1"
    )
    assert ids(changed) == [second.id, *ids(listed)] == [second.id, third.id, fourth.id]
    assert all(item.status == "cancelled" for item in changed)
    assert backend.get_appointment(first.id).status == "booked"
    notes = {e.appointment.id: (e.cancel_reason, e.cancel_note) for e in backend.diary()}
    assert {notes[item.id] for item in changed} == {("Away", "moving away")}


def test_a_cancel_of_one_occurrence_returns_only_it(backend: SandboxBackend) -> None:
    _, second, third, _ = series(backend)
    changed = backend.cancel(second, Cancellation(), idempotency_key="c1")
    assert ids(changed) == [second.id] and backend.get_appointment(third.id).status == "booked"


def test_repeating_a_series_cancel_returns_every_appointment_it_changed(backend: SandboxBackend) -> None:
    _, second, third, fourth = series(backend)
    backend.cancel(second, Cancellation(apply_to_repeats=True), idempotency_key="c1")
    again = backend.cancel(second, Cancellation(apply_to_repeats=True), idempotency_key="c1")
    assert ids(again) == [second.id, third.id, fourth.id] and all(item.status == "cancelled" for item in again)


def test_a_series_cancel_of_an_occurrence_moved_meanwhile_cancels_nothing(backend: SandboxBackend) -> None:
    first, second, third, fourth = series(backend)
    day = second.start.astimezone(second.start.tzinfo)
    window = Window(start=day.replace(hour=8), end=day.replace(hour=12))
    slot = backend.open_slots(second, window, now=NOW, limit=1)[0]
    backend.reschedule(second, backend.hold(second, slot, now=NOW), idempotency_key="r1")
    with pytest.raises(AppointmentChanged):
        backend.cancel(second, Cancellation(apply_to_repeats=True), idempotency_key="c1")
    assert {backend.get_appointment(item.id).status for item in (first, second, third, fourth)} == {"booked"}


def test_a_moved_occurrence_stays_in_its_series(backend: SandboxBackend) -> None:
    _, second, third, fourth = series(backend)
    day = third.start.astimezone(third.start.tzinfo)
    slot = backend.open_slots(third, Window(start=day.replace(hour=8), end=day.replace(hour=12)), now=NOW, limit=1)[0]
    moved = backend.reschedule(third, backend.hold(third, slot, now=NOW), idempotency_key="r1")
    assert ids(backend.later_repeats(second, now=NOW)) == [moved.id, fourth.id]
