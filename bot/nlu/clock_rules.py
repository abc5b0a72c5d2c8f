"""Clock rules: exact times, ranges, `after 3`, spoken times, parts of the day.

Each rule reads a span of canonical text (normalise.canonical) into an Atom; see atoms.py.
"""

from __future__ import annotations

import re

from bot.nlu.atoms import (
    CORE,
    NOT_UNIT,
    PARTS,
    Atom,
    Context,
    RuleList,
    TimeSpec,
    clock_range,
    compact_minutes,
    core_minutes,
    make_atom,
    minutes_of,
    registry,
)
from bot.nlu.vocab import WEEKDAY_RE

RULES: RuleList = []
rule = registry(RULES)

# ---- times of day

_TIME_WORD = r"(?:noon|midnight)"


def _time_value(match: re.Match[str], offset: int) -> tuple[int, int | None, str | None] | None:
    """One clock time in a range: noon/midnight or the CORE groups at `offset`."""
    return core_minutes(match.groups(), offset)


@rule(
    rf"\b(?:between|btwn|from|anytime|any time|available|free|open)\s+{CORE}"
    rf"\s*(?:and|&|-|to|till|until|or)\s*{CORE}"
    rf"|(?<![\d/.:-]){CORE}\s*-\s*{CORE}(?![\d/])"
)
def _time_range(match: re.Match[str], ctx: Context) -> Atom | None:
    offset = 0 if match.group(1) is not None else 8
    if match.group(0).startswith("from") and " - " not in match.group(0) and "-" not in match.group(0):
        return None
    first = _time_value(match, offset)
    second = _time_value(match, offset + 4)
    if first is None or second is None:
        return None
    spec = clock_range(first, second)
    return make_atom(match, "time", time=spec) if spec else None


@rule(
    rf"\b(?:between|btwn|from)\s+(?:{CORE}\s*(?:and|&|-|to|till|until)\s*noon"
    rf"|noon\s*(?:and|&|-|to|till|until)\s*{CORE})(?![\d/])"
)
def _noon_range(match: re.Match[str], ctx: Context) -> Atom | None:
    """`between 10am and noon`, `from noon to 2`."""
    noon: tuple[int, int | None, str | None] = (12, None, "pm")
    first: tuple[int, int | None, str | None] | None
    second: tuple[int, int | None, str | None] | None
    if match.group(1) is not None:
        first, second = core_minutes(match.groups(), 0), noon
    else:
        first, second = noon, core_minutes(match.groups(), 4)
    if first is None or second is None:
        return None
    spec = clock_range(first, second)
    return make_atom(match, "time", time=spec) if spec else None


def _single(match: re.Match[str], offset: int) -> int | None:
    groups = match.groups()
    if groups[offset] is not None:
        return 12 * 60 if groups[offset] == "noon" else 0
    core = core_minutes(groups, offset + 1)
    if core is None:
        return None
    hour, minute, meridiem = core
    return minutes_of(str(hour), str(minute) if minute is not None else None, meridiem)


_ONE_TIME = rf"(?:({_TIME_WORD})|{CORE})"


@rule(
    rf"\b(?:any\s?time\s+|anything\s+|sometime\s+|some time\s+)?(after|later than|no earlier than"
    rf"|before|no later than|earlier than|prior to|until|till)\s+{_ONE_TIME}{NOT_UNIT}"
)
def _open_range(match: re.Match[str], ctx: Context) -> Atom | None:
    word = match.group(1)
    minutes = _single(match, 1)
    if minutes is None:
        return None
    if word in ("after", "later than", "no earlier than"):
        return make_atom(match, "time", time=TimeSpec(minutes, 24 * 60))
    return make_atom(match, "time", time=TimeSpec(0, minutes))


@rule(r"\b(after|before) lunch\b")
def _lunch(match: re.Match[str], ctx: Context) -> Atom:
    if match.group(1) == "after":
        return make_atom(match, "time", time=TimeSpec(13 * 60, 17 * 60))
    return make_atom(match, "time", time=TimeSpec(8 * 60, 12 * 60))


@rule(r"\b(?:(half|quarter|\d{1,2} minutes)\s+(past|after|to|til|before)|half)\s+(\d{1,2})\b(?!\s*(?::|/))")
def _spoken(match: re.Match[str], ctx: Context) -> Atom | None:
    amount_text, relation, hour_text = match.groups()
    base = minutes_of(hour_text, None, None)
    if base is None:
        return None
    if amount_text is None:
        return make_atom(match, "time", time=TimeSpec(base + 30, base + 30))
    amount = {"half": 30, "quarter": 15}.get(amount_text) or int(amount_text.split()[0])
    if amount >= 60:
        return None
    value = base - amount if relation in ("to", "til", "before") else base + amount
    return make_atom(match, "time", time=TimeSpec(value, value))


@rule(r"\b(?:12\s?)?(noon|midnight)\b|\b(lunchtime|lunch time)\b")
def _noon(match: re.Match[str], ctx: Context) -> Atom:
    value = 0 if match.group(1) == "midnight" else 12 * 60
    return make_atom(match, "time", time=TimeSpec(value, value))


@rule(r"(?<![\d/.:])(\d{3,4})\s?(am|pm)\b")
def _compact_time(match: re.Match[str], ctx: Context) -> Atom | None:
    value = compact_minutes(match[1], match[2])
    return make_atom(match, "time", time=TimeSpec(value, value)) if value is not None else None


@rule(r"(?<![\d/.:])(?:(0?[7-9]|1\d|2[0-3])h([0-5]\d)|(1[3-9]|2[0-3])h)\b")
def _hour_h(match: re.Match[str], ctx: Context) -> Atom:
    """`14h30`, `9h15`, `16h`: the 24-hour clock as written in much of Europe (`1h30` is a duration)."""
    value = int(match[1] or match[3]) * 60 + int(match[2] or 0)
    return make_atom(match, "time", time=TimeSpec(value, value))


@rule(rf"(?<![\d/.:]){CORE}(?:\s*o'clock|ish)?")
def _clock(match: re.Match[str], ctx: Context) -> Atom | None:
    hour, minute, meridiem, short = match.groups()
    text = match.group(0)
    if meridiem is None and short is None and minute is None:
        return None  # a bare number; only the cued rule below may read it as an hour
    if minute is not None and "." in text and meridiem is None and short is None and 1 <= int(minute) <= 12:
        return None  # `16.03` is a date under DMY, not a time
    value = minutes_of(hour, minute, meridiem or (short + "m" if short else None))
    return make_atom(match, "time", time=TimeSpec(value, value)) if value is not None else None


@rule(
    rf"(?:(?<=\bat )|(?<=@ )|(?<=@)|(?<=\baround )|(?<=\babout )|(?<=\bfor )|(?<=\bto )|(?<=\bby )|(?<=\blike )"
    rf"|(?<=instead of )|(?<=rather than )"
    rf"|(?<=day )|(?<=\btomorrow )|(?<='s )|(?<=\bfrom )|(?<=\bor )|(?<=\band )|(?<=~))(\d{{1,2}})(?:\s*o'clock|ish)?\b"
    rf"{NOT_UNIT}(?!\s*(?:-|\.)?\s*\d)|\b(\d{{1,2}})(?:\s*o'clock|ish)\b"
)
def _cued_hour(match: re.Match[str], ctx: Context) -> Atom | None:
    value = minutes_of(match[1] or match[2], None, None)
    return make_atom(match, "time", time=TimeSpec(value, value)) if value is not None else None


_BEFORE_MILITARY = re.compile(
    rf"(?:\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\b(?:at|@)|@|\b(?:today|tomorrow|{WEEKDAY_RE})|\d(?:st|nd|rd|th))\s*$"
)


@rule(r"(?<![\d/.:#-])([01]\d|2[0-3])([0-5]\d)(?![\d/.:-])(\s*(?:hrs|hours|h)\b)?")
def _military(match: re.Match[str], ctx: Context) -> Atom | None:
    """`3/12 1430`, `tomorrow 0930`, `at 1600`, `1400 hrs`: four digits are a 24-hour time only after a day or `at`."""
    if match.group(3) is None and not _BEFORE_MILITARY.search(match.string, 0, match.start()):
        return None
    value = int(match.group(1)) * 60 + int(match.group(2))
    return make_atom(match, "time", time=TimeSpec(value, value))


@rule(
    r"\b(?:(early|late|mid)[- ]?)?(morning|afternoon|evening|night)\b|\bin the (am|pm)\b"
    r"|(?:(?<=day )|(?<=tomorrow ))(am|pm)\b"
)
def _part_of_day(match: re.Match[str], ctx: Context) -> Atom:
    part = match[2] or match[3] or match[4]
    return make_atom(match, "time", time=PARTS[part])


# Words that look like times but tell none: greetings (`Morning! can you...`, `good afternoon all`) and when
# symptoms began (`vomiting since last night`).
