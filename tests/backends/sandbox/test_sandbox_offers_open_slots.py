"""Open times: inside the location's hours in its own zone, free of bookings and others' holds, never past."""

import itertools
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.backends.sandbox import SandboxBackend
from bot.domain import Appointment, Window
from tests.backends.sandbox.support import (
    CHICAGO,
    FRIDAY,
    LOS_ANGELES,
    NOW,
    WEEK,
    chicago,
    day_window,
    find,
    maria_on_tuesday,
)


def busy_times(backend: SandboxBackend, appointment: Appointment) -> list[tuple[datetime, datetime]]:
    return [
        (e.appointment.start, e.appointment.end)
        for e in backend.diary()
        if e.appointment.status == "booked"
        and e.appointment.practitioner == appointment.practitioner
        and e.appointment.id != appointment.id
    ]


def test_friday_morning_offers_the_earliest_free_times_first(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    morning = Window(start=chicago(FRIDAY, 8), end=chicago(FRIDAY, 12))
    slots = backend.open_slots(maria, morning, now=NOW, limit=5)
    assert len(slots) == 5
    assert [slot.start for slot in slots] == sorted(slot.start for slot in slots)
    assert slots[0].start >= chicago(FRIDAY, 8) and all(slot.start < chicago(FRIDAY, 12) for slot in slots)
    assert all(slot.end - slot.start == timedelta(minutes=30) for slot in slots)
    assert all(slot.practitioner_id == "prac-patel" and slot.location_id == "loc-riverside" for slot in slots)
    assert len({slot.key for slot in slots}) == 5 and all(slot.key for slot in slots)


def test_no_slot_overlaps_a_booking_of_the_same_practitioner_or_leaves_opening_hours(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    slots = backend.open_slots(maria, WEEK, now=NOW, limit=1000)
    assert len(slots) > 50
    busy = busy_times(backend, maria)
    for slot in slots:
        assert not any(slot.start < end and start < slot.end for start, end in busy), slot
        local = slot.start.astimezone(CHICAGO)
        if local.weekday() < 5:
            assert local.hour >= 8 and slot.end.astimezone(CHICAGO) <= local.replace(hour=18, minute=0)
        else:
            assert local.weekday() == 5 and local.hour >= 9 and slot.end.astimezone(CHICAGO) <= local.replace(hour=13)
        assert local.minute % 15 == 0


def test_the_appointments_own_time_is_not_offered_but_times_overlapping_it_are(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    slots = backend.open_slots(maria, day_window(maria.start.date()), now=NOW, limit=1000)
    starts = {slot.start for slot in slots}
    assert maria.start not in starts
    assert maria.start + timedelta(minutes=15) in starts or maria.start - timedelta(minutes=15) in starts


def test_a_location_in_another_zone_offers_its_own_opening_hours(backend: SandboxBackend) -> None:
    [harbor] = [item for item in find(backend, name="maria lopez") if item.location.name == "Harbor Clinic"]
    assert harbor.location.timezone == "America/Los_Angeles"
    day = harbor.start.date()
    slots = backend.open_slots(harbor, day_window(day, CHICAGO), now=NOW, limit=1000)
    local_starts = [slot.start.astimezone(LOS_ANGELES) for slot in slots]
    assert min(local_starts).hour >= 9  # 9 AM in Los Angeles is 11 AM in Chicago
    assert max(local_starts) <= datetime(day.year, day.month, day.day, 16, 30, tzinfo=LOS_ANGELES)
    assert all(str(slot.start.tzinfo) == "America/Los_Angeles" for slot in slots)


def test_nothing_before_now_is_offered(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    later = chicago(FRIDAY, 10, 5)
    slots = backend.open_slots(maria, day_window(FRIDAY), now=later, limit=3)
    assert slots and all(slot.start >= later for slot in slots)
    assert backend.open_slots(maria, day_window(date(2026, 3, 3)), now=NOW, limit=5) == []


def test_a_closed_day_offers_nothing(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    assert backend.open_slots(maria, day_window(date(2026, 3, 8)), now=NOW, limit=5) == []  # a Sunday


def test_an_open_ended_window_searches_forward_from_now(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    slots = backend.open_slots(maria, Window(start=NOW - timedelta(days=2)), now=NOW, limit=3)
    assert len(slots) == 3 and slots[0].start >= NOW and slots[0].start < NOW + timedelta(days=1)


def test_an_exact_time_asked_for_is_offered_alone_when_free(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    [free] = backend.open_slots(maria, Window(start=chicago(FRIDAY, 8), end=chicago(FRIDAY, 9)), now=NOW, limit=1)
    assert [
        slot.start for slot in backend.open_slots(maria, Window(start=free.start, end=free.start), now=NOW, limit=5)
    ] == [free.start]


def test_the_slots_around_the_spring_forward_keep_their_wall_clock_hours(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    saturday_morning = chicago(date(2026, 3, 7), 9)
    slots = backend.open_slots(maria, Window(start=saturday_morning), now=NOW, limit=1000)
    saturday = [slot for slot in slots if slot.start.date() == date(2026, 3, 7)]
    monday = [slot for slot in slots if slot.start.date() == date(2026, 3, 9)]
    assert saturday and max(slot.start for slot in saturday).strftime("%H:%M %z") <= "12:30 -0600"
    assert min(slot.start for slot in monday).strftime("%H:%M %z") == "08:00 -0500"


def test_a_day_with_hours_across_the_dst_change_skips_the_missing_hour(backend: SandboxBackend, db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:  # open Riverside on the night of the change
        connection.execute("INSERT INTO sandbox_hours VALUES ('loc-riverside', 6, '00:00', '06:00')")
    maria = maria_on_tuesday(backend)
    slots = backend.open_slots(maria, day_window(date(2026, 3, 8)), now=NOW, limit=1000)
    local = [slot.start.astimezone(CHICAGO) for slot in slots]
    assert not [start for start in local if start.hour == 2]
    assert local[0].strftime("%H:%M %z") == "00:00 -0600" and local[-1].strftime("%H:%M %z") == "05:30 -0500"
    utc = [slot.start.astimezone(UTC) for slot in slots]
    real = [later - earlier for earlier, later in itertools.pairwise(utc)]
    assert set(real) == {timedelta(minutes=15)} and len(slots) == 19


def test_a_visit_across_the_missing_hour_lasts_its_real_length_and_can_be_booked(
    backend: SandboxBackend, db_path: Path
) -> None:
    with sqlite3.connect(db_path) as connection:  # open Riverside on the night of the change
        connection.execute("INSERT INTO sandbox_hours VALUES ('loc-riverside', 6, '00:00', '06:00')")
    maria = maria_on_tuesday(backend)
    slots = backend.open_slots(maria, day_window(date(2026, 3, 8)), now=NOW, limit=1000)
    [late] = [slot for slot in slots if slot.start.astimezone(CHICAGO).strftime("%H:%M") == "01:45"]
    assert late.end.astimezone(CHICAGO).strftime("%H:%M %z") == "03:15 -0500"
    moved = backend.reschedule(maria, backend.hold(maria, late, now=NOW), idempotency_key="r1")
    assert moved.end.astimezone(UTC) - moved.start.astimezone(UTC) == timedelta(minutes=30)
