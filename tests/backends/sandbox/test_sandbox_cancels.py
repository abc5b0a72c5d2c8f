"""Cancelling records the reason, frees the time, can take the later repeats along, and is safe to repeat."""

import itertools
from datetime import timedelta

import pytest

from bot.backends.errors import AppointmentChanged
from bot.backends.sandbox import SandboxBackend
from bot.domain import Appointment, Cancellation, CancelReason, Window
from tests.backends.sandbox.support import NOW, booked_with, day_window, find


def john_tomorrow(backend: SandboxBackend) -> Appointment:
    [john] = find(backend, name="john smith", around=day_window(NOW.date() + timedelta(days=1)))
    return john


def series(backend: SandboxBackend) -> list[Appointment]:
    return [e.appointment for e in backend.diary() if e.appointment.patient.name == "Robert Chen"]


def test_a_cancel_records_the_reason_and_the_appointment_is_no_longer_found(backend: SandboxBackend) -> None:
    john = john_tomorrow(backend)
    cancelled = backend.cancel(
        john,
        Cancellation(reason=CancelReason.FEELING_BETTER, note="called in"),
        idempotency_key="c1",
    )[0]
    assert cancelled.id == john.id and cancelled.status == "cancelled"
    assert backend.get_appointment(john.id).status == "cancelled"
    assert find(backend, name="john smith") == []
    [entry] = [e for e in backend.diary() if e.appointment.id == john.id]
    assert (entry.cancel_reason, entry.cancel_note) == ("Feeling Better", "called in")


def test_a_cancelled_time_is_offered_to_others(backend: SandboxBackend) -> None:
    john = john_tomorrow(backend)
    assert john.practitioner is not None
    other = booked_with(backend, john.practitioner.id, other_than=john.id)
    at_johns_time = Window(start=john.start, end=john.start)
    assert backend.open_slots(other, at_johns_time, now=NOW, limit=1) == []
    backend.cancel(john, Cancellation(), idempotency_key="c1")
    assert [s.start for s in backend.open_slots(other, at_johns_time, now=NOW, limit=1)] == [john.start]


def test_cancelling_twice_succeeds_and_keeps_the_first_reason(backend: SandboxBackend) -> None:
    john = john_tomorrow(backend)
    backend.cancel(john, Cancellation(reason=CancelReason.SICK), idempotency_key="c1")
    [again] = backend.cancel(john, Cancellation(reason=CancelReason.WORK), idempotency_key="c2")
    assert again.status == "cancelled"
    [entry] = [e for e in backend.diary() if e.appointment.id == john.id]
    assert entry.cancel_reason == "Sick"


def test_the_demo_has_a_weekly_series_marked_as_repeating(backend: SandboxBackend) -> None:
    weekly = series(backend)
    assert len(weekly) == 4 and all(item.repeats for item in weekly)
    assert {(b.start - a.start).days for a, b in itertools.pairwise(weekly)} == {7}
    assert all(item.start.astimezone(item.start.tzinfo).hour == 16 for item in weekly)  # across the DST change


def test_cancelling_with_the_repeats_takes_the_later_occurrences_only(backend: SandboxBackend) -> None:
    first, second, third, fourth = series(backend)
    backend.cancel(second, Cancellation(reason=CancelReason.AWAY, apply_to_repeats=True), idempotency_key="c1")
    statuses = [backend.get_appointment(item.id).status for item in (first, second, third, fourth)]
    assert statuses == ["booked", "cancelled", "cancelled", "cancelled"]
    assert [item.id for item in find(backend, name="robert chen")] == [first.id]


def test_cancelling_one_occurrence_leaves_the_rest_of_the_series(backend: SandboxBackend) -> None:
    first, second, third, fourth = series(backend)
    backend.cancel(second, Cancellation(reason=CancelReason.AWAY), idempotency_key="c1")
    assert [item.id for item in find(backend, name="robert chen")] == [first.id, third.id, fourth.id]


def test_cancelling_an_unknown_appointment_says_it_no_longer_exists(backend: SandboxBackend) -> None:
    john = john_tomorrow(backend)
    with pytest.raises(AppointmentChanged, match="no longer exists") as gone:
        backend.cancel(
            john.model_copy(update={"id": "apt-missing"}),
            Cancellation(),
            idempotency_key="c1",
        )
    assert gone.value.current is None


def test_check_names_the_demo_clinic_and_counts_what_is_upcoming(backend: SandboxBackend) -> None:
    status = backend.check()
    assert status.backend == "sandbox" and status.account == "Demo clinic"
    assert any("Riverside" in name for name in status.locations) and any("Harbor" in name for name in status.locations)
    before = status.upcoming_appointments
    assert before is not None and before > 50
    backend.cancel(john_tomorrow(backend), Cancellation(), idempotency_key="c1")
    assert backend.check().upcoming_appointments == before - 1
