"""Date and time expressions in canonical text -> atoms (what day, what time of day).

Each rule is one precompiled regex that turns a span of the canonical text
(see normalise.canonical) into an `Atom`. Rules run from the most specific to
the most general and a span, once read, is never read again, so `3/16` is a
date before `3` could be an hour. Grouping atoms into windows and deciding
which is the current appointment and which the target is windows.py's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.nlu.vocab import MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS, full_year, make_date

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


def _minutes(hour_text: str, minute_text: str | None, meridiem: str | None) -> int | None:
    hour = clock_hour(int(hour_text), meridiem)
    minute = int(minute_text) if minute_text else 0
    if hour is None or minute > 59:
        return None
    return hour * 60 + minute


def _compact(digits: str, meridiem: str) -> int | None:
    """`330pm` -> 15:30, `1030am` -> 10:30."""
    return _minutes(digits[:-2], digits[-2:], meridiem)


# A clock time as one regex fragment: hour, optional minutes, optional meridiem.
_CORE = r"(\d{1,2})(?:[:.](\d{2}))?(?:\s?(am|pm)\b|([ap])\b)?"
_CORE_B = _CORE
_NOT_UNIT = r"(?!\s*(?:days|week|month|months|minutes|hours|years|/|st\b|nd\b|rd\b|th\b|%|x\b|people|patients))"


def _core_minutes(groups: tuple[str | None, ...], offset: int) -> tuple[int, int | None, str | None] | None:
    """(hour, minute, meridiem) read from _CORE's four groups starting at `offset`."""
    hour, minute, meridiem, short = groups[offset : offset + 4]
    if hour is None:
        return None
    mer = meridiem or (short + "m" if short else None)
    return int(hour), int(minute) if minute else None, mer


def _range(first: tuple[int, int | None, str | None], second: tuple[int, int | None, str | None]) -> TimeSpec | None:
    """`2-4`, `between 10 and 2`, `3-4pm`: an unmarked start borrows the end's am/pm if that keeps order."""
    h1, m1, mer1 = first
    h2, m2, mer2 = second
    end = _minutes(str(h2), str(m2) if m2 is not None else None, mer2)
    start: int | None = None
    if mer1 is None and mer2 is not None and 1 <= h1 <= 12:
        borrowed = _minutes(str(h1), str(m1) if m1 is not None else None, mer2)
        if borrowed is not None and end is not None and borrowed < end:
            start = borrowed
    if start is None:
        start = _minutes(str(h1), str(m1) if m1 is not None else None, mer1)
    if start is None or end is None or end <= start:
        return None
    return TimeSpec(start, end)


# ---------------------------------------------------------------- rules

Rule = Callable[[re.Match[str], Context], Atom | None]
_RULES: list[tuple[re.Pattern[str], Rule]] = []


def rule(pattern: str) -> Callable[[Rule], Rule]:
    compiled = re.compile(pattern)

    def register(function: Rule) -> Rule:
        _RULES.append((compiled, function))
        return function

    return register


def _atom(match: re.Match[str], kind: AtomKind, **values: object) -> Atom:
    return Atom(match.start(), match.end(), kind, **values)  # type: ignore[arg-type]


_COUNT = {"a": 1, "an": 1, "one": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2, "a few": 3}
_COUNT_ALT = r"\d{1,2}|a couple of|a couple|couple of|couple|a few|an|a|one"
_COUNT_RE = f"({_COUNT_ALT})"


def _count(text: str) -> int:
    return _COUNT[text] if text in _COUNT else int(text)


@rule(
    r"\b(?:asap|as soon as (?:possible|we can|she can|he can|they can)|(?:the )?earliest(?: (?:available|possible|"
    r"opening|slot|spot|appointment|time|one))?|first (?:available|opening|open(?: slot| spot)?|free)(?: (?:slot|spot|"
    r"appointment|time|one))?|next (?:available|opening|open slot|free slot)|(?:the )?soonest(?: available| possible)?"
    r"|anything sooner|any sooner|sooner)\b"
)
def _asap(match: re.Match[str], ctx: Context) -> Atom:
    return _atom(match, "asap")


@rule(r"\bsame time\b")
def _same_time(match: re.Match[str], ctx: Context) -> Atom:
    return _atom(match, "same_time")


@rule(r"\bsame day\b")
def _same_day(match: re.Match[str], ctx: Context) -> Atom:
    return _atom(match, "same_day")


@rule(r"\b(?:the )?week of\b")
def _week_of(match: re.Match[str], ctx: Context) -> Atom:
    return _atom(match, "week_of")


# Shifts of the current appointment: `push her back an hour`, `30 minutes later`, `bump a week`.
@rule(
    rf"\b(?:(back|forward|up|out|later|earlier)\s+(?:by\s+)?)?(half an|{_COUNT_ALT})\s+(hours|minutes|days|week)"
    r"(?:\s+(later|earlier|back|forward|out|sooner))?\b"
)
def _shift(match: re.Match[str], ctx: Context) -> Atom | None:
    before, count_text, unit, after = match.groups()
    direction = after or before
    if direction is None:
        return None
    sign = -1 if direction in ("forward", "up", "earlier", "sooner") else 1
    if count_text == "half an":
        amount, unit = 30, "minutes"
    else:
        amount = _count(count_text)
    if unit == "hours":
        return _atom(match, "shift", shift=Shift(minutes=sign * amount * 60))
    if unit == "minutes":
        return _atom(match, "shift", shift=Shift(minutes=sign * amount))
    return _atom(match, "shift", shift=Shift(days=sign * amount * (7 if unit == "week" else 1)))


_BASE = rf"(today|now|tomorrow|{WEEKDAY_RE})"


def _base_day(word: str, today: date) -> date:
    if word in ("today", "now"):
        return today
    if word == "tomorrow":
        return today + DAY
    return next_weekday(today, WEEKDAYS[word])


@rule(rf"\b{_COUNT_RE}\s+(days|week)\s+(?:from|after)\s+(?:this\s+|next\s+)?{_BASE}\b")
def _from_base(match: re.Match[str], ctx: Context) -> Atom:
    count, unit, base = match.groups()
    days = _count(count) * (7 if unit == "week" else 1)
    return _atom(match, "date", date=DateSpec.day(_base_day(base, ctx.today) + timedelta(days=days)))


@rule(
    rf"\b(?:in|within)\s+{_COUNT_RE}\s+(days|week)(?:'s time| time)?\b|\b{_COUNT_RE}\s+(days|week)\s+(?:from now|out)\b"
)
def _in_days(match: re.Match[str], ctx: Context) -> Atom:
    count = match.group(1) or match.group(3)
    unit = match.group(2) or match.group(4)
    days = _count(count) * (7 if unit == "week" else 1)
    return _atom(match, "date", date=DateSpec.day(ctx.today + timedelta(days=days)))


@rule(r"\b(?:the )?day after tomorrow\b")
def _overmorrow(match: re.Match[str], ctx: Context) -> Atom:
    return _atom(match, "date", date=DateSpec.day(ctx.today + 2 * DAY))


# Weekdays, with the week they fall in when one is named.
@rule(
    rf"\b(?:(this coming|coming|this|next|the following|following)\s+)?({WEEKDAY_RE})"
    rf"(?:\s+(?:of\s+)?(this week|next week|the week after next|week after next|after next|next))?\b"
    rf"|\b(next week|this week|the week after next|week after next)(?:\s+on)?\s+({WEEKDAY_RE})\b"
)
def _weekday(match: re.Match[str], ctx: Context) -> Atom:
    modifier, name, week, week_first, name_after = match.groups()
    weekday = WEEKDAYS[name or name_after]
    week = week or week_first
    if week == "this week":
        found = monday_of(ctx.today) + timedelta(days=weekday)
    elif week in ("the week after next", "week after next", "after next"):
        found = next_monday(ctx.today) + timedelta(days=7 + weekday)
    elif week in ("next week", "next") or modifier == "next":
        found = next_weekday_named_next(ctx.today, weekday)
    elif modifier in ("the following", "following"):
        found = next_weekday(ctx.today, weekday) + timedelta(days=7)
    else:
        found = next_weekday(ctx.today, weekday)
    return _atom(match, "date", date=DateSpec.day(found))


@rule(r"\b(?:the\s+)?week after next\b")
def _week_after_next(match: re.Match[str], ctx: Context) -> Atom:
    first = next_monday(ctx.today) + timedelta(days=7)
    return _atom(match, "date", date=DateSpec(first, first + timedelta(days=7)))


@rule(
    r"\b(?:(?:early|earlier|late|later|sometime|some time|anytime|any time|any day)\s+)?"
    r"(next|this|the following) week\b"
)
def _week(match: re.Match[str], ctx: Context) -> Atom:
    if match.group(1) == "this":
        return _atom(match, "date", date=DateSpec(ctx.today, next_monday(ctx.today)))
    first = next_monday(ctx.today)
    return _atom(match, "date", date=DateSpec(first, first + timedelta(days=7)))


@rule(r"\b(this|next|the|this coming|over the) weekend\b")
def _weekend(match: re.Match[str], ctx: Context) -> Atom:
    weekday = ctx.today.weekday()
    saturday = ctx.today - DAY if weekday == 6 else ctx.today + timedelta(days=5 - weekday)
    if match.group(1) == "next":
        saturday = next_monday(ctx.today) + timedelta(days=5)
    return _atom(match, "date", date=DateSpec(saturday, saturday + 2 * DAY))


@rule(r"\b(next|this) month\b")
def _month(match: re.Match[str], ctx: Context) -> Atom:
    if match.group(1) == "this":
        return _atom(match, "date", date=DateSpec(ctx.today, month_start(ctx.today.year, ctx.today.month + 1)))
    first = month_start(ctx.today.year, ctx.today.month + 1)
    return _atom(match, "date", date=DateSpec(first, month_start(first.year, first.month + 1)))


@rule(r"\btonight\b")
def _tonight(match: re.Match[str], ctx: Context) -> Atom:
    return _atom(match, "both", date=DateSpec.day(ctx.today), time=TimeSpec(17 * 60, 21 * 60))


@rule(r"\bthis (morning|afternoon|evening)\b")
def _this_part(match: re.Match[str], ctx: Context) -> Atom:
    return _atom(match, "both", date=DateSpec.day(ctx.today), time=_PARTS[match.group(1)])


@rule(r"\b(today|tomorrow|yesterday)\b")
def _relative_day(match: re.Match[str], ctx: Context) -> Atom:
    offset = {"today": 0, "tomorrow": 1, "yesterday": -1}[match.group(1)]
    return _atom(match, "date", date=DateSpec.day(ctx.today + timedelta(days=offset)))


@rule(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
def _iso(match: re.Match[str], ctx: Context) -> Atom | None:
    found = make_date(int(match[1]), int(match[2]), int(match[3]))
    return _atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


def _ordered(first: int, second: int, order: DateOrder) -> tuple[int, int]:
    """(month, day) under the date order, or swapped when only the swap is a date."""
    month, day = (first, second) if order == "MDY" else (second, first)
    if month > 12 and day <= 12:
        month, day = day, month
    return month, day


@rule(r"(?<![\d/.])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/])")
def _numeric_with_year(match: re.Match[str], ctx: Context) -> Atom | None:
    month, day = _ordered(int(match[1]), int(match[3]), ctx.order)
    year = int(match[4]) if len(match[4]) == 4 else full_year(int(match[4]), ctx.today, past=False)
    found = make_date(year, month, day)
    return _atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


@rule(r"(?<![\d/.:])(\d{1,2})/(\d{1,2})(?![\d/])|(?<![\d/.:])(\d{1,2})\.(\d{1,2})\.?(?![\d.])")
def _numeric(match: re.Match[str], ctx: Context) -> Atom | None:
    if match[3] and (ctx.order != "DMY" or int(match[4]) > 12):
        return None  # `3.30` is a time; dotted dates are read day first only
    first, second = (match[1], match[2]) if match[1] else (match[3], match[4])
    month, day = _ordered(int(first), int(second), ctx.order)
    found = upcoming(ctx.today, month, day)
    return _atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


@rule(
    rf"\b({MONTH_RE})\.?\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?!\s*(?::|am\b|pm\b|\d))(?:,?\s+(\d{{4}}))?\b"
    rf"|\b(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\b(?:,?\s+(\d{{4}}))?"
)
def _month_day(match: re.Match[str], ctx: Context) -> Atom | None:
    month = MONTHS[match[1] or match[5]]
    day = int(match[2] or match[4])
    year_text = match[3] or match[6]
    found = make_date(int(year_text), month, day) if year_text else upcoming(ctx.today, month, day)
    return _atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


# `3-16` is a date only where it cannot be a range of hours.
@rule(r"(?<![\d/.:-])(\d{1,2})-(\d{1,2})(?![\d/:.-]|\s*(?:am|pm|[ap]\b))")
def _dash_date(match: re.Match[str], ctx: Context) -> Atom | None:
    first, second = int(match[1]), int(match[2])
    month, day = (first, second) if ctx.order == "MDY" else (second, first)
    if month > 12 or day <= 12:
        return None
    found = upcoming(ctx.today, month, day)
    return _atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


@rule(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b|\bon the (\d{1,2})\b(?!\s*(?::|am\b|pm\b))")
def _ordinal(match: re.Match[str], ctx: Context) -> Atom | None:
    found = upcoming_ordinal(ctx.today, int(match[1] or match[2]))
    return _atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


# ---- times of day

_PARTS = {
    "morning": TimeSpec(8 * 60, 12 * 60),
    "afternoon": TimeSpec(12 * 60, 17 * 60),
    "evening": TimeSpec(17 * 60, 21 * 60),
    "night": TimeSpec(17 * 60, 21 * 60),
    "am": TimeSpec(8 * 60, 12 * 60),
    "pm": TimeSpec(12 * 60, 17 * 60),
}
_TIME_WORD = r"(?:noon|midnight)"


def _time_value(match: re.Match[str], offset: int) -> tuple[int, int | None, str | None] | None:
    """One clock time in a range: noon/midnight or the _CORE groups at `offset`."""
    return _core_minutes(match.groups(), offset)


@rule(
    rf"\b(?:between|btwn|from|anytime|any time|available|free|open)\s+{_CORE}"
    rf"\s*(?:and|&|-|to|till|until|or)\s*{_CORE_B}"
    rf"|(?<![\d/.:-]){_CORE}\s*-\s*{_CORE_B}(?![\d/])"
)
def _time_range(match: re.Match[str], ctx: Context) -> Atom | None:
    offset = 0 if match.group(1) is not None else 8
    if match.group(0).startswith("from") and " - " not in match.group(0) and "-" not in match.group(0):
        return None
    first = _time_value(match, offset)
    second = _time_value(match, offset + 4)
    if first is None or second is None:
        return None
    spec = _range(first, second)
    return _atom(match, "time", time=spec) if spec else None


@rule(
    rf"\b(?:between|btwn|from)\s+(?:{_CORE}\s*(?:and|&|-|to|till|until)\s*noon"
    rf"|noon\s*(?:and|&|-|to|till|until)\s*{_CORE_B})(?![\d/])"
)
def _noon_range(match: re.Match[str], ctx: Context) -> Atom | None:
    """`between 10am and noon`, `from noon to 2`."""
    noon: tuple[int, int | None, str | None] = (12, None, "pm")
    first: tuple[int, int | None, str | None] | None
    second: tuple[int, int | None, str | None] | None
    if match.group(1) is not None:
        first, second = _core_minutes(match.groups(), 0), noon
    else:
        first, second = noon, _core_minutes(match.groups(), 4)
    if first is None or second is None:
        return None
    spec = _range(first, second)
    return _atom(match, "time", time=spec) if spec else None


def _single(match: re.Match[str], offset: int) -> int | None:
    groups = match.groups()
    if groups[offset] is not None:
        return 12 * 60 if groups[offset] == "noon" else 0
    core = _core_minutes(groups, offset + 1)
    if core is None:
        return None
    hour, minute, meridiem = core
    return _minutes(str(hour), str(minute) if minute is not None else None, meridiem)


_ONE_TIME = rf"(?:({_TIME_WORD})|{_CORE})"


@rule(
    rf"\b(?:any\s?time\s+|anything\s+|sometime\s+|some time\s+)?(after|later than|no earlier than"
    rf"|before|no later than|earlier than|prior to|until|till)\s+{_ONE_TIME}{_NOT_UNIT}"
)
def _open_range(match: re.Match[str], ctx: Context) -> Atom | None:
    word = match.group(1)
    minutes = _single(match, 1)
    if minutes is None:
        return None
    if word in ("after", "later than", "no earlier than"):
        return _atom(match, "time", time=TimeSpec(minutes, 24 * 60))
    return _atom(match, "time", time=TimeSpec(0, minutes))


@rule(r"\b(after|before) lunch\b")
def _lunch(match: re.Match[str], ctx: Context) -> Atom:
    if match.group(1) == "after":
        return _atom(match, "time", time=TimeSpec(13 * 60, 17 * 60))
    return _atom(match, "time", time=TimeSpec(8 * 60, 12 * 60))


@rule(r"\b(?:(half|quarter|\d{1,2} minutes)\s+(past|after|to|til|before)|half)\s+(\d{1,2})\b(?!\s*(?::|/))")
def _spoken(match: re.Match[str], ctx: Context) -> Atom | None:
    amount_text, relation, hour_text = match.groups()
    base = _minutes(hour_text, None, None)
    if base is None:
        return None
    if amount_text is None:
        return _atom(match, "time", time=TimeSpec(base + 30, base + 30))
    amount = {"half": 30, "quarter": 15}.get(amount_text) or int(amount_text.split()[0])
    if amount >= 60:
        return None
    value = base - amount if relation in ("to", "til", "before") else base + amount
    return _atom(match, "time", time=TimeSpec(value, value))


@rule(r"\b(?:12\s?)?(noon|midnight)\b|\b(lunchtime|lunch time)\b")
def _noon(match: re.Match[str], ctx: Context) -> Atom:
    value = 0 if match.group(1) == "midnight" else 12 * 60
    return _atom(match, "time", time=TimeSpec(value, value))


@rule(r"(?<![\d/.:])(\d{3,4})\s?(am|pm)\b")
def _compact_time(match: re.Match[str], ctx: Context) -> Atom | None:
    value = _compact(match[1], match[2])
    return _atom(match, "time", time=TimeSpec(value, value)) if value is not None else None


@rule(rf"(?<![\d/.:]){_CORE}(?:\s*o'clock|ish)?")
def _clock(match: re.Match[str], ctx: Context) -> Atom | None:
    hour, minute, meridiem, short = match.groups()
    text = match.group(0)
    if meridiem is None and short is None and minute is None:
        return None  # a bare number; only the cued rule below may read it as an hour
    if minute is not None and "." in text and meridiem is None and short is None and 1 <= int(minute) <= 12:
        return None  # `16.03` is a date under DMY, not a time
    value = _minutes(hour, minute, meridiem or (short + "m" if short else None))
    return _atom(match, "time", time=TimeSpec(value, value)) if value is not None else None


@rule(
    rf"(?:(?<=\bat )|(?<=@ )|(?<=@)|(?<=\baround )|(?<=\babout )|(?<=\bfor )|(?<=\bto )|(?<=\bby )|(?<=\blike )"
    rf"|(?<=instead of )|(?<=rather than )"
    rf"|(?<=day )|(?<=\btomorrow )|(?<='s )|(?<=\bfrom )|(?<=\bor )|(?<=\band )|(?<=~))(\d{{1,2}})(?:\s*o'clock|ish)?\b"
    rf"{_NOT_UNIT}(?!\s*(?:-|\.)?\s*\d)|\b(\d{{1,2}})(?:\s*o'clock|ish)\b"
)
def _cued_hour(match: re.Match[str], ctx: Context) -> Atom | None:
    value = _minutes(match[1] or match[2], None, None)
    return _atom(match, "time", time=TimeSpec(value, value)) if value is not None else None


_BEFORE_MILITARY = re.compile(
    rf"(?:\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\b(?:at|@)|@|\b(?:today|tomorrow|{WEEKDAY_RE})|\d(?:st|nd|rd|th))\s*$"
)


@rule(r"(?<![\d/.:#-])([01]\d|2[0-3])([0-5]\d)(?![\d/.:-])(\s*(?:hrs|hours|h)\b)?")
def _military(match: re.Match[str], ctx: Context) -> Atom | None:
    """`3/12 1430`, `tomorrow 0930`, `at 1600`, `1400 hrs`: four digits are a 24-hour time only after a day or `at`."""
    if match.group(3) is None and not _BEFORE_MILITARY.search(match.string, 0, match.start()):
        return None
    value = int(match.group(1)) * 60 + int(match.group(2))
    return _atom(match, "time", time=TimeSpec(value, value))


@rule(
    r"\b(?:(early|late|mid)[- ]?)?(morning|afternoon|evening|night)\b|\bin the (am|pm)\b"
    r"|(?:(?<=day )|(?<=tomorrow ))(am|pm)\b"
)
def _part_of_day(match: re.Match[str], ctx: Context) -> Atom:
    part = match[2] or match[3] or match[4]
    return _atom(match, "time", time=_PARTS[part])


# Words that look like times but tell none: greetings (`Morning! can you...`, `good afternoon all`) and when
# symptoms began (`vomiting since last night`).
_NOT_A_TIME = re.compile(
    r"^(?:hi |hey |hello )?(?:good )?(?:morning|afternoon|evening)\b(?=\s*[!,.:;-]|\s+(?:all|team|everyone|folks|guys"
    r"|y'all|ladies|people|gang|crew)\b|$)|\bgood (?:morning|afternoon|evening|night)\b"
    r"|\bsince (?:last (?:night|week|month)|yesterday|this morning|the weekend|(?:the )?last (?:visit|appointment))\b"
    r"|\blast (?:night|week|month|time)\b"
)


def find_atoms(text: str, today: date, order: DateOrder) -> list[Atom]:
    """Every date and time expression in canonical text, in reading order, none overlapping."""
    ctx = Context(today, order)
    taken: list[tuple[int, int]] = [match.span() for match in _NOT_A_TIME.finditer(text)]
    atoms: list[Atom] = []
    for pattern, read in _RULES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if start == end or any(start < e and s < end for s, e in taken):
                continue
            atom = read(match, ctx)
            if atom is not None:
                atoms.append(atom)
                taken.append((start, end))
    atoms.sort(key=lambda atom: atom.start)
    return atoms
