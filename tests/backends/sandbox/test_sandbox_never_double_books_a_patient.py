"""One person, one place at a time: the demo clinic never offers, holds or moves a visit onto a time at which
the same patient is already booked with someone else.

Before, only the practitioner's diary was checked: a move could leave a patient with two bookings at one time,
and their next request asked staff "which appointment?" for no reason.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.backends.errors import SlotTaken
from bot.backends.sandbox import SandboxBackend
from bot.domain import Appointment, Slot, Window
from tests.backends.sandbox.support import NOW


def a_clash_only_the_patient_makes(backend: SandboxBackend) -> tuple[Appointment, Appointment]:
    """(elsewhere, moving): the same patient, same location, other practitioners, both upcoming, and `moving`'s
    practitioner free at `elsewhere`'s time (another patient of theirs is offered it)."""
    diary = [entry.appointment for entry in backend.diary()]
    upcoming = [item for item in diary if item.status == "booked" and item.start > NOW]
    for elsewhere in upcoming:
        for moving in upcoming:
            if (
                moving.patient.id != elsewhere.patient.id
                or moving.location.id != elsewhere.location.id
                or moving.practitioner is None
                or elsewhere.practitioner is None
                or moving.practitioner.id == elsewhere.practitioner.id
                or moving.service.id != elsewhere.service.id
            ):
                continue
            at = Window(start=elsewhere.start, end=elsewhere.start)
            others = [
                item
                for item in upcoming
                if item.practitioner == moving.practitioner
                and item.patient.id != moving.patient.id
                and item.service.id == moving.service.id
            ]
            if any(backend.open_slots(other, at, now=NOW, limit=1) for other in others):
                return elsewhere, moving
    raise AssertionError("the demo clinic has no patient booked with two practitioners at one location")


def test_a_time_the_patient_is_booked_elsewhere_is_not_offered(backend: SandboxBackend) -> None:
    elsewhere, moving = a_clash_only_the_patient_makes(backend)
    around = Window(start=elsewhere.start - timedelta(hours=1), end=elsewhere.end + timedelta(hours=1))
    offered = backend.open_slots(moving, around, now=NOW, limit=50)
    assert offered, "the practitioner has open times around it"
    assert all(slot.end <= elsewhere.start or slot.start >= elsewhere.end for slot in offered), offered


def test_that_time_cannot_be_held_either(backend: SandboxBackend) -> None:
    elsewhere, moving = a_clash_only_the_patient_makes(backend)
    assert moving.practitioner is not None
    slot = Slot(
        start=elsewhere.start,
        end=elsewhere.start + (moving.end - moving.start),
        location_id=moving.location.id,
        practitioner_id=moving.practitioner.id,
    )
    with pytest.raises(SlotTaken):
        backend.hold(moving, slot, now=NOW)
