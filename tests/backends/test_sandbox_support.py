"""Shared set-up for the sandbox tests: the demo clinic seeded as of a fixed day, on a clock tests can move.

Fixtures live here, imported by each `test_sandbox_*` module under their
`*_fixture` names, as the Solv suite does.

The fixed day is Wednesday 4 March 2026: "tue" is then 10 March, after the US
spring-forward on Sunday 8 March, so the demo's Tuesday crosses a DST change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.backends.sandbox import SandboxBackend, seed
from bot.domain import Appointment, PatientQuery, Window

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


@pytest.fixture(name="db_path")
def db_path_fixture(tmp_path: Path) -> Path:
    return tmp_path / "clinic-bot.sqlite3"


@pytest.fixture(name="clock")
def clock_fixture() -> MovableClock:
    return MovableClock()


@pytest.fixture(name="backend")
def backend_fixture(db_path: Path, clock: MovableClock) -> Iterator[SandboxBackend]:
    seed(db_path, TODAY)
    backend = SandboxBackend(db_path, clock=clock)
    yield backend
    backend.close()
