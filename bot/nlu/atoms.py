"""The values the date and time rules produce, the calendar and clock arithmetic they share, and their registry.

A rule (see day_rules.py and clock_rules.py) is one precompiled regex that turns a span of
the canonical text into an `Atom`: what day, what time of day, or a shift of the current
appointment. Rules run from the most specific to the most general (times.find_atoms).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.nlu.vocab import make_date

DAY = timedelta(days=1)
DateOrder = Literal["MDY", "DMY"]


@dataclass(frozen=True)
class DateSpec:
    """Whole days: `first` to `last` (exclusive). One day unless a week or a weekend was meant."""

    first: date
    last: date

    @classmethod
    def day(cls, value: date) -> DateSpec:
        return cls(value, value + DAY)

    @property
    def single(self) -> bool:
        return self.last - self.first == DAY


@dataclass(frozen=True)
class TimeSpec:
    """Minutes after midnight; `start == end` is an exact time; `end` 1440 is the end of the day."""

    start: int
    end: int


@dataclass(frozen=True)
class Shift:
    """`push her back an hour`: the target is the current appointment moved by this much."""

    minutes: int = 0
    days: int = 0


AtomKind = Literal["date", "time", "both", "asap", "shift", "same_time", "same_day", "week_of"]


@dataclass(frozen=True)
class Atom:
    start: int
    end: int
    kind: AtomKind
    date: DateSpec | None = None
    time: TimeSpec | None = None
    shift: Shift | None = None
    specific: bool = False  # a calendar date (3/16, March 16, the 16th), not a weekday or `tomorrow`


@dataclass(frozen=True)
class Context:
    today: date
    order: DateOrder


# Parts of the day as clock ranges.
PARTS: dict[str, TimeSpec] = {
    "morning": TimeSpec(8 * 60, 12 * 60),
    "afternoon": TimeSpec(12 * 60, 17 * 60),
    "evening": TimeSpec(17 * 60, 21 * 60),
    "night": TimeSpec(17 * 60, 21 * 60),
    "am": TimeSpec(8 * 60, 12 * 60),
    "pm": TimeSpec(12 * 60, 17 * 60),
}


# ---------------------------------------------------------------- calendar helpers


def next_weekday(today: date, weekday: int) -> date:
    """The first such weekday strictly after today (the contract's bare `Friday`)."""
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def next_monday(today: date) -> date:
    return monday_of(today) + timedelta(days=7)


def next_weekday_named_next(today: date, weekday: int) -> date:
    """`next Friday` is the Friday of next week (weeks start on Monday).

    The contract allows this day or the first Friday strictly after today; we
    read `next` as naming the next calendar week, which is what staff mean by
    `next Friday` said on a Monday, and what they get anyway from Thursday on
    for days earlier in the week. The bot shows the resolved date, so a wrong
    guess is visible and corrected.
    """
    return next_monday(today) + timedelta(days=weekday)


def upcoming(today: date, month: int, day: int) -> date | None:
    """The next such month/day on or after today (a date without a year)."""
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        found = make_date(year, month, day)
        if found is not None and found >= today:
            return found
    return None


def upcoming_ordinal(today: date, day: int) -> date | None:
    """`the 30th`: the next such day of a month on or after today."""
    year, month = today.year, today.month
    for _ in range(13):
        found = make_date(year, month, day)
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


# ---------------------------------------------------------------- clock times


def clock_hour(hour: int, meridiem: str | None) -> int | None:
    """Hour on the 24-hour clock; without am/pm, clinic hours decide (7-11 am, 12 and 1-6 pm)."""
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if meridiem.startswith("p") else 0)
    if hour > 23:
        return None
    if 1 <= hour <= 6:
        return hour + 12
    return hour


def minutes_of(hour_text: str, minute_text: str | None, meridiem: str | None) -> int | None:
    hour = clock_hour(int(hour_text), meridiem)
    minute = int(minute_text) if minute_text else 0
    if hour is None or minute > 59:
        return None
    return hour * 60 + minute


def compact_minutes(digits: str, meridiem: str) -> int | None:
    """`330pm` -> 15:30, `1030am` -> 10:30."""
    return minutes_of(digits[:-2], digits[-2:], meridiem)


# A clock time as one regex fragment: hour, optional minutes, optional meridiem.
CORE = r"(\d{1,2})(?:[:.](\d{2}))?(?:\s?(am|pm)\b|([ap])\b)?"
CORE = CORE
NOT_UNIT = r"(?!\s*(?:days|week|month|months|minutes|hours|years|/|st\b|nd\b|rd\b|th\b|%|x\b|people|patients))"


def core_minutes(groups: tuple[str | None, ...], offset: int) -> tuple[int, int | None, str | None] | None:
    """(hour, minute, meridiem) read from CORE's four groups starting at `offset`."""
    hour, minute, meridiem, short = groups[offset : offset + 4]
    if hour is None:
        return None
    mer = meridiem or (short + "m" if short else None)
    return int(hour), int(minute) if minute else None, mer


ClockReading = tuple[int, int | None, str | None]
"""(hour, minute, meridiem) as written."""


def clock_range(first: ClockReading, second: ClockReading) -> TimeSpec | None:
    """`2-4`, `between 10 and 2`, `3-4pm`: an unmarked start borrows the end's am/pm if that keeps order."""
    h1, m1, mer1 = first
    h2, m2, mer2 = second
    end = minutes_of(str(h2), str(m2) if m2 is not None else None, mer2)
    start: int | None = None
    if mer1 is None and mer2 is not None and 1 <= h1 <= 12:
        borrowed = minutes_of(str(h1), str(m1) if m1 is not None else None, mer2)
        if borrowed is not None and end is not None and borrowed < end:
            start = borrowed
    if start is None:
        start = minutes_of(str(h1), str(m1) if m1 is not None else None, mer1)
    if start is None or end is None or end <= start:
        return None
    return TimeSpec(start, end)


# ---------------------------------------------------------------- rules

Rule = Callable[[re.Match[str], Context], Atom | None]
RuleList = list[tuple[re.Pattern[str], Rule]]


def registry(rules: RuleList) -> Callable[[str], Callable[[Rule], Rule]]:
    """A decorator that appends a rule, with its compiled pattern, to `rules` in the order written."""

    def rule(pattern: str) -> Callable[[Rule], Rule]:
        compiled = re.compile(pattern)

        def register(function: Rule) -> Rule:
            rules.append((compiled, function))
            return function

        return register

    return rule


def make_atom(match: re.Match[str], kind: AtomKind, **values: object) -> Atom:
    return Atom(match.start(), match.end(), kind, **values)  # type: ignore[arg-type]
