"""Day rules: weekdays, relative days, weeks, numeric and named dates, and the asap/shift words.

Each rule reads a span of canonical text (normalise.canonical) into an Atom; see atoms.py.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.nlu.atoms import (
    DAY,
    PARTS,
    Atom,
    Context,
    DateOrder,
    DateSpec,
    RuleList,
    Shift,
    TimeSpec,
    make_atom,
    monday_of,
    month_start,
    next_monday,
    next_weekday,
    next_weekday_named_next,
    registry,
    upcoming,
    upcoming_ordinal,
)
from bot.nlu.vocab import MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS, full_year, make_date

RULES: RuleList = []
rule = registry(RULES)

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
    return make_atom(match, "asap")


@rule(r"\bsame time\b")
def _same_time(match: re.Match[str], ctx: Context) -> Atom:
    return make_atom(match, "same_time")


@rule(r"\bsame day\b")
def _same_day(match: re.Match[str], ctx: Context) -> Atom:
    return make_atom(match, "same_day")


@rule(r"\b(?:the )?week of\b")
def _week_of(match: re.Match[str], ctx: Context) -> Atom:
    return make_atom(match, "week_of")


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
        return make_atom(match, "shift", shift=Shift(minutes=sign * amount * 60))
    if unit == "minutes":
        return make_atom(match, "shift", shift=Shift(minutes=sign * amount))
    return make_atom(match, "shift", shift=Shift(days=sign * amount * (7 if unit == "week" else 1)))


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
    return make_atom(match, "date", date=DateSpec.day(_base_day(base, ctx.today) + timedelta(days=days)))


@rule(
    rf"\b(?:in|within)\s+{_COUNT_RE}\s+(days|week)(?:'s time| time)?\b|\b{_COUNT_RE}\s+(days|week)\s+(?:from now|out)\b"
)
def _in_days(match: re.Match[str], ctx: Context) -> Atom:
    count = match.group(1) or match.group(3)
    unit = match.group(2) or match.group(4)
    days = _count(count) * (7 if unit == "week" else 1)
    return make_atom(match, "date", date=DateSpec.day(ctx.today + timedelta(days=days)))


@rule(r"\b(?:the )?day after tomorrow\b")
def _overmorrow(match: re.Match[str], ctx: Context) -> Atom:
    return make_atom(match, "date", date=DateSpec.day(ctx.today + 2 * DAY))


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
    return make_atom(match, "date", date=DateSpec.day(found))


@rule(r"\b(?:the\s+)?week after next\b")
def _week_after_next(match: re.Match[str], ctx: Context) -> Atom:
    first = next_monday(ctx.today) + timedelta(days=7)
    return make_atom(match, "date", date=DateSpec(first, first + timedelta(days=7)))


@rule(
    r"\b(?:(?:early|earlier|late|later|sometime|some time|anytime|any time|any day)\s+)?"
    r"(next|this|the following) week\b"
)
def _week(match: re.Match[str], ctx: Context) -> Atom:
    if match.group(1) == "this":
        return make_atom(match, "date", date=DateSpec(ctx.today, next_monday(ctx.today)))
    first = next_monday(ctx.today)
    return make_atom(match, "date", date=DateSpec(first, first + timedelta(days=7)))


@rule(r"\b(this|next|the|this coming|over the) weekend\b|(?:(?<=\bto )|(?<=\bfor )|(?<=\bon )|(?<=\bat ))weekend\b")
def _weekend(match: re.Match[str], ctx: Context) -> Atom:
    weekday = ctx.today.weekday()
    saturday = ctx.today - DAY if weekday == 6 else ctx.today + timedelta(days=5 - weekday)
    if match.group(1) == "next":
        saturday = next_monday(ctx.today) + timedelta(days=5)
    return make_atom(match, "date", date=DateSpec(saturday, saturday + 2 * DAY))


@rule(r"\b(next|this) month\b")
def _month(match: re.Match[str], ctx: Context) -> Atom:
    if match.group(1) == "this":
        return make_atom(match, "date", date=DateSpec(ctx.today, month_start(ctx.today.year, ctx.today.month + 1)))
    first = month_start(ctx.today.year, ctx.today.month + 1)
    return make_atom(match, "date", date=DateSpec(first, month_start(first.year, first.month + 1)))


@rule(r"\btonight\b")
def _tonight(match: re.Match[str], ctx: Context) -> Atom:
    return make_atom(match, "both", date=DateSpec.day(ctx.today), time=TimeSpec(17 * 60, 21 * 60))


@rule(r"\bthis (morning|afternoon|evening)\b")
def _this_part(match: re.Match[str], ctx: Context) -> Atom:
    return make_atom(match, "both", date=DateSpec.day(ctx.today), time=PARTS[match.group(1)])


@rule(r"\b(today|tomorrow|yesterday)\b")
def _relative_day(match: re.Match[str], ctx: Context) -> Atom:
    offset = {"today": 0, "tomorrow": 1, "yesterday": -1}[match.group(1)]
    return make_atom(match, "date", date=DateSpec.day(ctx.today + timedelta(days=offset)))


@rule(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
def _iso(match: re.Match[str], ctx: Context) -> Atom | None:
    found = make_date(int(match[1]), int(match[2]), int(match[3]))
    return make_atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


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
    return make_atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


@rule(r"(?<![\d/.:])(\d{1,2})/(\d{1,2})(?![\d/])|(?<![\d/.:])(\d{1,2})\.(\d{1,2})\.?(?![\d.])")
def _numeric(match: re.Match[str], ctx: Context) -> Atom | None:
    if match[3] and (ctx.order != "DMY" or int(match[4]) > 12):
        return None  # `3.30` is a time; dotted dates are read day first only
    first, second = (match[1], match[2]) if match[1] else (match[3], match[4])
    month, day = _ordered(int(first), int(second), ctx.order)
    found = upcoming(ctx.today, month, day)
    return make_atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


@rule(
    rf"\b({MONTH_RE})\.?\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?!\s*(?::|am\b|pm\b|\d))(?:,?\s+(\d{{4}}))?\b"
    rf"|\b(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\b(?:,?\s+(\d{{4}}))?"
)
def _month_day(match: re.Match[str], ctx: Context) -> Atom | None:
    month = MONTHS[match[1] or match[5]]
    day = int(match[2] or match[4])
    year_text = match[3] or match[6]
    found = make_date(int(year_text), month, day) if year_text else upcoming(ctx.today, month, day)
    return make_atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


_CLOCK_NEXT = re.compile(r"\s+(?:at\s+|@\s*)?(?:[01]?\d|2[0-3])[:h.][0-5]\d\b")


# `3-16` is a date only where it cannot be a range of hours.
@rule(r"(?<![\d/.:-])(\d{1,2})-(\d{1,2})(?![\d/:.-]|\s*(?:am|pm|[ap]\b))")
def _dash_date(match: re.Match[str], ctx: Context) -> Atom | None:
    first, second = int(match[1]), int(match[2])
    month, day = (first, second) if ctx.order == "MDY" else (second, first)
    # `12-03 14:30`: a range of hours is never followed by a clock time, so this is a date.
    before_clock = _CLOCK_NEXT.match(match.string, match.end()) is not None
    if month > 12 or (day <= 12 and not before_clock) or day == 0 or month == 0:
        return None
    found = upcoming(ctx.today, month, day)
    return make_atom(match, "date", date=DateSpec.day(found), specific=True) if found else None


@rule(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b|\bon the (\d{1,2})\b(?!\s*(?::|am\b|pm\b))")
def _ordinal(match: re.Match[str], ctx: Context) -> Atom | None:
    found = upcoming_ordinal(ctx.today, int(match[1] or match[2]))
    return make_atom(match, "date", date=DateSpec.day(found), specific=True) if found else None
