"""Shared set-up for the sandbox tests: the demo clinic seeded as of a fixed day, on a clock tests can move.

The fixtures (`db_path`, `clock`, `backend`) are in this folder's conftest.

The fixed day is Wednesday 4 March 2026: "tue" is then 10 March, after the US
spring-forward on Sunday 8 March, so the demo's Tuesday crosses a DST change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.backends.sandbox import SandboxBackend
from bot.domain import Appointment, Hold, PatientQuery, Slot, Window

CHICAGO = ZoneInfo("America/Chicago")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
TODAY = date(2026, 3, 4)
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=CHICAGO)
TUESDAY_3PM = datetime(2026, 3, 10, 15, 0, tzinfo=CHICAGO)
FRIDAY = date(2026, 3, 6)


@dataclass
class MovableClock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now


def chicago(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO)


def day_window(day: date, zone: ZoneInfo = CHICAGO) -> Window:
    start = datetime(day.year, day.month, day.day, tzinfo=zone)
    return Window(start=start, end=start + timedelta(days=1))


def find(
    backend: SandboxBackend, *, around: Window | None = None, now: datetime = NOW, **query: object
) -> list[Appointment]:
    return backend.find_appointments(PatientQuery(**query), around=around, now=now)


def maria_on_tuesday(backend: SandboxBackend) -> Appointment:
    """The demo's Maria Lopez, 3 PM next Tuesday at Riverside with Dr. Patel."""
    [appointment] = find(backend, name="maria lopez", around=Window(start=TUESDAY_3PM, end=TUESDAY_3PM))
    return appointment


def booked_with(backend: SandboxBackend, practitioner_id: str, *, other_than: str) -> Appointment:
    """Another patient's upcoming short booking with the same practitioner: the 'someone else' of the hold tests."""
    for entry in backend.diary():
        item = entry.appointment
        if (
            item.practitioner is not None
            and item.practitioner.id == practitioner_id
            and item.id != other_than
            and item.status == "booked"
            and item.start > NOW
            and not item.repeats
            and item.service.duration_minutes <= 30
        ):
            return item
    raise AssertionError("the seed has no other booking with that practitioner")


MORNING = Window(start=chicago(FRIDAY, 8), end=chicago(FRIDAY, 12))
WEEK = Window(start=NOW, end=NOW + timedelta(days=7))


def stolen_hold(backend: SandboxBackend, clock: MovableClock) -> tuple[Appointment, Slot, Hold]:
    """Maria holds Friday's first morning time; 20 minutes later, her hold lapsed, another patient of
    Dr. Patel's holds that time and moves there: (Maria, the slot, her lapsed hold)."""
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = backend.open_slots(maria, MORNING, now=NOW, limit=1)[0]
    hold = backend.hold(maria, slot, now=NOW)
    later = clock.advance(20)
    stolen = backend.hold(other, slot.model_copy(update={"end": slot.start + other.service.duration}), now=later)
    backend.reschedule(other, stolen, idempotency_key="other")
    return maria, slot, hold
