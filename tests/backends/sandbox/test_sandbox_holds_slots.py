"""Holds: a chosen time is kept from everyone else until it is confirmed, released, or lapses."""

from datetime import timedelta
from pathlib import Path

import pytest

from bot.backends.errors import AppointmentNotFound, InvalidRequest, SlotTaken
from bot.backends.sandbox import SandboxBackend
from bot.domain import Appointment, Cancellation, CancelReason, Hold, Slot
from tests.backends.sandbox.support import FRIDAY, MORNING, NOW, MovableClock, booked_with, chicago, maria_on_tuesday


def first_free(backend: SandboxBackend, appointment: Appointment) -> Slot:
    return backend.open_slots(appointment, MORNING, now=NOW, limit=1)[0]


def as_slot_for(other: Appointment, slot: Slot) -> Slot:
    """The same time seen from another appointment (a 30-minute visit at the same start)."""
    return slot.model_copy(update={"end": slot.start + other.service.duration})


def test_a_hold_lasts_the_configured_minutes(db_path: Path, backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    hold = backend.hold(maria, first_free(backend, maria), now=NOW)
    assert hold.is_real and hold.expires_at == NOW + timedelta(minutes=15)
    short = SandboxBackend(db_path, hold_minutes=5)
    assert short.hold(maria, first_free(short, maria), now=NOW).expires_at == NOW + timedelta(minutes=5)


def test_a_held_time_is_not_offered_to_anyone_else_but_still_to_its_own_appointment(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = first_free(backend, maria)
    backend.hold(maria, slot, now=NOW)
    offered_to_other = backend.open_slots(other, MORNING, now=NOW, limit=100)
    assert all(not (s.start < slot.end and slot.start < s.end) for s in offered_to_other)
    assert backend.open_slots(maria, MORNING, now=NOW, limit=1)[0].start == slot.start


def test_holding_a_time_someone_else_holds_is_refused(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = first_free(backend, maria)
    backend.hold(maria, slot, now=NOW)
    with pytest.raises(SlotTaken):
        backend.hold(other, as_slot_for(other, slot), now=NOW + timedelta(minutes=1))


def test_a_lapsed_hold_frees_the_time_for_others(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = first_free(backend, maria)
    backend.hold(maria, slot, now=NOW)
    later = NOW + timedelta(minutes=16)
    assert slot.start in {s.start for s in backend.open_slots(other, MORNING, now=later, limit=100)}
    assert backend.hold(other, as_slot_for(other, slot), now=later).is_real


def test_a_booked_time_cannot_be_held(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    taken = Slot(
        start=other.start,
        end=other.start + maria.service.duration,
        location_id=maria.location.id,
        practitioner_id="prac-patel",
    )
    with pytest.raises(SlotTaken):
        backend.hold(maria, taken, now=NOW)


def test_a_time_already_past_cannot_be_held(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    slot = first_free(backend, maria)
    with pytest.raises(SlotTaken, match="already passed"):
        backend.hold(maria, slot, now=slot.start + timedelta(minutes=1))


def test_a_time_outside_opening_hours_cannot_be_held(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    night = Slot(
        start=chicago(FRIDAY, 19),
        end=chicago(FRIDAY, 19, 30),
        location_id=maria.location.id,
        practitioner_id="prac-patel",
    )
    with pytest.raises(InvalidRequest, match="opening hours"):
        backend.hold(maria, night, now=NOW)


def test_two_holds_for_one_appointment_stand_alone_so_releasing_one_keeps_the_other(backend: SandboxBackend) -> None:
    """A double click: both clicks hold, the losing one's hold is released, the winner's time stays held."""
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = first_free(backend, maria)
    winner = backend.hold(maria, slot, now=NOW)
    loser = backend.hold(maria, slot, now=NOW)
    assert winner.id != loser.id
    backend.release(loser)
    assert slot.start not in {s.start for s in backend.open_slots(other, MORNING, now=NOW, limit=100)}
    backend.release(winner)
    assert slot.start in {s.start for s in backend.open_slots(other, MORNING, now=NOW, limit=100)}


def test_release_frees_the_time_and_is_safe_twice(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = first_free(backend, maria)
    hold = backend.hold(maria, slot, now=NOW)
    backend.release(hold)
    backend.release(hold)
    backend.release(Hold(id="", slot=slot))
    assert backend.hold(other, as_slot_for(other, slot), now=NOW).is_real


def test_a_cancelled_appointment_cannot_hold_a_time(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    slot = first_free(backend, maria)
    backend.cancel(maria, Cancellation(reason=CancelReason.SICK), idempotency_key="c1")
    with pytest.raises(AppointmentNotFound):
        backend.hold(maria, slot, now=NOW)


def test_a_slot_at_another_location_is_refused(backend: SandboxBackend, clock: MovableClock) -> None:
    maria = maria_on_tuesday(backend)
    slot = first_free(backend, maria).model_copy(update={"location_id": "loc-harbor"})
    with pytest.raises(InvalidRequest):
        backend.hold(maria, slot, now=NOW)
