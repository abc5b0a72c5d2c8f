"""Where an appointment can go: the opening-hours grid of a location, in that location's zone.

Pure functions. Opening hours are wall times in the location's zone; all
arithmetic and comparison is done in UTC (Python adds and compares two
datetimes of the same zone by wall clock, which is wrong across a DST change),
and times are shown in the location's zone only at the edge.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

GRID = timedelta(minutes=15)
"""Slots start on the quarter hour."""
SEARCH_DAYS = 30
"""How far an open-ended window ("asap") is searched."""


@dataclass(frozen=True)
class Hours:
    opens: time
    closes: time


OpeningHours = Mapping[int, Hours]
"""weekday (Monday = 0) -> hours; a missing weekday is closed."""


def to_utc_text(instant: datetime) -> str:
    """Fixed-width UTC text: sorts and compares correctly as a string in SQL."""
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


def from_utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def local(day: date, wall: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, wall, tzinfo=zone)


def day_starts(day: date, hours: OpeningHours, zone: ZoneInfo, duration: timedelta) -> Iterator[datetime]:
    """Every grid start (UTC) on the local `day` whose whole visit fits before closing."""
    opening = hours.get(day.weekday())
    if opening is None:
        return
    start = local(day, opening.opens, zone).astimezone(UTC)
    closes = local(day, opening.closes, zone).astimezone(UTC)
    while start + duration <= closes:
        yield start
        start += GRID


def grid_starts(
    first_day: date, last_day: date, hours: OpeningHours, zone: ZoneInfo, duration: timedelta
) -> Iterator[datetime]:
    day = first_day
    while day <= last_day:
        yield from day_starts(day, hours, zone, duration)
        day += timedelta(days=1)


def fits_opening_hours(start: datetime, end: datetime, hours: OpeningHours, zone: ZoneInfo) -> bool:
    """On the grid and inside one day's opening hours (the check a hand-made booking must pass)."""
    day = start.astimezone(zone).date()
    duration = end.astimezone(UTC) - start.astimezone(UTC)
    return any(candidate == start for candidate in day_starts(day, hours, zone, duration))


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end
