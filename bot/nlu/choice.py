"""How staff pick one of several listed appointments or times, typed: `2`, `the thursday one`, `the 3pm at harbor`.

`read_choice` reads what the answer says about the one meant (ordinal, day,
date, clock time, words naming the location, practitioner or service, birth
year or date) into `ChoiceHints`; `choose` finds the listed items those hints
fit. Both are pure. A phrase that points from one item to another (`no, the
friday after that`, `later that day`) is read as a typed `relative` kind, never
as a plain date: against a list it only resolves with the item it points from,
so without one `choose` says so instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from bot.domain import Appointment, Slot
from bot.nlu.atoms import DAY, DateOrder, monday_of, next_weekday
from bot.nlu.identifiers import find_identifiers
from bot.nlu.normalise import canonical, spelling, strip_markup
from bot.nlu.times import find_atoms
from bot.nlu.vocab import CLINICAL_WORDS, MONTHS, STOP_WORDS, TITLES, WEEKDAY_RE, WEEKDAYS, words

Relative = Literal["after_that", "before_that", "later_same_day", "earlier_same_day", "week_after"]
Outcome = Literal["chosen", "none", "several", "unread", "needs_reference"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ClockRange(_Frozen):
    """Minutes after midnight, half-open: `the morning one` is 480-720."""

    start_minute: int
    end_minute: int


class ChoiceHints(_Frozen):
    """What a typed answer says about the listed item it means; every field optional."""

    ordinal: int | None = None
    """1-based position in the list; negative counts from the end (-1 is `the last one`)."""
    ordinal_or_day: bool = False
    """`the 2nd`: the number may be the position or the day of the month (`day`); choose() decides."""
    weekday: int | None = None
    """0 is Monday: `the thursday one`, `thursday's`, and the day named in a relative phrase."""
    day: date | None = None
    """A calendar date: `the 12th`, `dec 10`, `12/10`, `tomorrow`."""
    at_time: time | None = None
    """A clock time as the card shows it: `the one at 1pm`, `the 3pm`."""
    clock_range: ClockRange | None = None
    """`the morning one`, `the one after 2pm`."""
    words: tuple[str, ...] = ()
    """Other content words, lower-case (`harbor`, `patel`, `physio`): each must name the item."""
    birth_year: int | None = None
    date_of_birth: date | None = None
    relative: Relative | None = None
    """A phrase that points from another item: resolvable only against that item."""

    def is_empty(self) -> bool:
        return self == ChoiceHints()


class Choice(_Frozen):
    """Which listed items the hints fit, by position in the list as given."""

    outcome: Outcome
    indices: tuple[int, ...] = ()

    @property
    def index(self) -> int | None:
        return self.indices[0] if self.outcome == "chosen" else None


_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "last": -1,
    "final": -1,
    "bottom": -1,
    "top": 1,
}
_ALONE = re.compile(
    r"^\s*(?:(?:the|option|number|no\.?|num|#)\s*)*#?\s*(\d{1,2})\s*(?:one|option|please|pls)?\s*[.!]*$"
)
_HASH = re.compile(r"(?:#|\bno\.\s?|\bnumber\s|\boption\s)(\d{1,2})\b")
_ORDINAL = re.compile(
    r"\b(?:the\s+)?(?:(second|2nd)\s+(?:to\s+)?last|penultimate|(first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth|last|final|top|bottom)(?!\s+(?:available|avail|opening|open|free"
    r"|thing|of\b)))\b(?:\s+(?:one|option|appointment|slot|time))?"
)
_DIGIT_ORDINAL_ONE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s+(?:one|option|appointment|slot)\b")
_BIRTH_YEAR = re.compile(
    r"\b(?:born(?:\s+in)?|b\.|dob|d\.o\.b\.?|birth\s?year|yob|year of birth)\s*:?\s*((?:19|20)\d\d)\b"
    r"|\bthe\s+((?:19|20)\d\d)\s+one\b|\(((?:19|20)\d\d)\)"
)
_WEEKDAY_NAMED = re.compile(rf"\b({WEEKDAY_RE})\b")
_RELATIVE: tuple[tuple[Relative, re.Pattern[str]], ...] = (
    ("week_after", re.compile(r"\b(?:the\s+|a\s+)?week\s+(?:after|later)(?:\s+(?:that|this|it))?\b(?!\s+next)")),
    (
        "later_same_day",
        re.compile(
            r"\blater\s+(?:that|the\s+same|on\s+the\s+same|in\s+the|on\s+that)\s+(?:day|morning|afternoon|evening)\b"
            r"|\bsame\s+day,?\s+later\b|\blater\s+(?:on\s+)?that\s+day\b"
        ),
    ),
    (
        "earlier_same_day",
        re.compile(
            r"\bearlier\s+(?:that|the\s+same|on\s+the\s+same|in\s+the|on\s+that)\s+(?:day|morning|afternoon|evening)\b"
            r"|\bsame\s+day,?\s+earlier\b"
        ),
    ),
    (
        "after_that",
        re.compile(
            rf"\b(?:the\s+)?(?:(?:{WEEKDAY_RE})\s+|one\s+|day\s+)?after\s+(?:that|this|it)(?:\s+one)?\b"
            rf"|\b(?:the\s+)?(?:{WEEKDAY_RE})\s+after\b(?!\s+next)|\bthe\s+(?:one|day)\s+after\b(?!\s+next)"
            r"|\b(?:the\s+)?next\s+one\b|\bthe\s+following\s+one\b"
        ),
    ),
    (
        "before_that",
        re.compile(
            rf"\b(?:the\s+)?(?:(?:{WEEKDAY_RE})\s+|one\s+|day\s+)?before\s+(?:that|this|it)(?:\s+one)?\b"
            r"|\bthe\s+(?:one|day)\s+before\b|\b(?:the\s+)?previous\s+one\b|\bthe\s+one\s+prior\b"
        ),
    ),
)
_BARE_WEEKDAY = re.compile(rf"^(?:on\s+)?(?:this\s+)?({WEEKDAY_RE})(?:\s*'s)?$")
_PARTS = {(480, 720), (720, 1020), (1020, 1260)}
_FILLERS = words(
    """one ones option options number num choice pick choose take mean meant want wanted go with please pls the that
    previous prior following other penultimate yeah yes yep no nope ok okay sorry oops actually i i'm it's that's at
    on in for appointment appt slot time booked booking clinic's see seeing w w/ location practitioner service
    physician born dob"""
)


# Services and conditions are not names, but they do tell listed appointments apart (`the physio one`).
_NOT_CONTENT = STOP_WORDS - CLINICAL_WORDS


def _today(now: datetime, tz: str) -> date:
    zone = ZoneInfo(tz)
    return (now.astimezone(zone) if now.tzinfo is not None else now.replace(tzinfo=zone)).date()


def _blank(text: str, span: tuple[int, int]) -> str:
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def _ordinal(text: str) -> tuple[int | None, str]:
    """The position named (`2`, `#2`, `the second one`, `2nd one`, `the last one`) and the text without it."""
    alone = _ALONE.match(text)
    if alone:
        return int(alone[1]), ""
    for pattern in (_HASH, _DIGIT_ORDINAL_ONE):
        found = pattern.search(text)
        if found:
            return int(found[1]), _blank(text, found.span())
    found = _ORDINAL.search(text)
    if found is None:
        return None, text
    if found[1] or "penultimate" in found[0]:
        return -2, _blank(text, found.span())
    word = found[2]
    value = _ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word))
    return value, _blank(text, found.span())


def _content_words(plain: str) -> tuple[str, ...]:
    kept: list[str] = []
    for raw in re.split(r"[\s,;:!?()\[\]\"/&+]+", plain.lower()):
        word = raw.strip(".'-")
        word = word[:-2] if word.endswith("'s") else word
        form = spelling(word)
        if len(word) < 2 or any(ch.isdigit() for ch in word) or word in _FILLERS or word.rstrip(".") in TITLES:
            continue
        if word in _ORDINAL_WORDS or not re.fullmatch(r"[^\W\d_][\w'.-]*", word):
            continue
        if word in _NOT_CONTENT or form in _NOT_CONTENT or form in MONTHS or form in WEEKDAYS:
            continue
        if form in ("tomorrow", "today", "noon", "morning", "afternoon", "evening", "tonight"):
            continue
        kept.append(word)
    return tuple(dict.fromkeys(kept))


def read_choice(text: str, *, now: datetime, tz: str, date_order: DateOrder = "MDY") -> ChoiceHints:
    """What a typed answer says about the one listed item it means. Never raises; empty hints if nothing."""
    today = _today(now, tz)
    plain = strip_markup(text)
    found = find_identifiers(plain, today, date_order)
    words_text = canonical(found.masked)
    values: dict[str, object] = {}
    if found.date_of_birth is not None:
        values["date_of_birth"] = found.date_of_birth

    birth = _BIRTH_YEAR.search(words_text)
    if birth is not None:
        values["birth_year"] = int(birth[1] or birth[2] or birth[3])
        words_text = _blank(words_text, birth.span())

    for kind, pattern in _RELATIVE:
        relative = pattern.search(words_text)
        if relative is not None:
            values["relative"] = kind
            named = _WEEKDAY_NAMED.search(relative[0])
            if named:
                values["weekday"] = WEEKDAYS[named[1]]
            words_text = _blank(words_text, relative.span())
            break

    ordinal, words_text = _ordinal(words_text)
    if ordinal is not None:
        values["ordinal"] = ordinal

    for atom in find_atoms(words_text, today, date_order):
        written = words_text[atom.start : atom.end].strip()
        if atom.date is not None and atom.date.single:
            bare = _BARE_WEEKDAY.match(written)
            if bare or "relative" in values:
                values.setdefault("weekday", atom.date.first.weekday())
            else:
                values.setdefault("day", atom.date.first)
                number = re.fullmatch(r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)", written)
                if number and int(number[1]) <= 10 and "ordinal" not in values:
                    values.update(ordinal=int(number[1]), ordinal_or_day=True)
        if atom.time is not None:
            if atom.time.start == atom.time.end:
                values.setdefault("at_time", time(atom.time.start // 60 % 24, atom.time.start % 60))
            else:
                values.setdefault("clock_range", ClockRange(start_minute=atom.time.start, end_minute=atom.time.end))

    values["words"] = _content_words(found.masked)
    return ChoiceHints.model_validate(values)


# ---------------------------------------------------------------- matching against a list

Listed = Appointment | Slot


def _local(item: Listed, zone: ZoneInfo) -> datetime:
    return item.start.astimezone(zone)


def _item_words(item: Listed) -> list[str]:
    if isinstance(item, Slot):
        texts = [item.location_id, item.practitioner_id or ""]
    else:
        texts = [item.location.name, item.service.name, item.patient.name, item.reference or ""]
        texts.append(item.practitioner.name if item.practitioner else "")
    return re.findall(r"[^\W_]+", " ".join(texts).lower())


def _fits(hints: ChoiceHints, item: Listed, zone: ZoneInfo) -> bool:
    local = _local(item, zone)
    if hints.weekday is not None and hints.relative is None and local.weekday() != hints.weekday:
        return False
    if hints.day is not None and not hints.ordinal_or_day and local.date() != hints.day:
        return False
    if hints.at_time is not None:
        shown = [local]
        if isinstance(item, Appointment):
            shown.append(item.start.astimezone(ZoneInfo(item.location.timezone)))
        if not any((moment.hour, moment.minute) == (hints.at_time.hour, hints.at_time.minute) for moment in shown):
            return False
    if hints.clock_range is not None:
        minute = local.hour * 60 + local.minute
        if not hints.clock_range.start_minute <= minute < hints.clock_range.end_minute:
            return False
    if hints.words:
        mine = _item_words(item)
        parts = [part for hint in hints.words for part in re.findall(r"[^\W_]+", hint)]
        if not all(any(word.startswith(part) for word in mine) for part in parts):
            return False
    if hints.birth_year is not None or hints.date_of_birth is not None:
        born = item.patient.date_of_birth if isinstance(item, Appointment) else None
        if born is None:
            return False
        if hints.birth_year is not None and born.year != hints.birth_year:
            return False
        if hints.date_of_birth is not None and born != hints.date_of_birth:
            return False
    return True


def _by_position(indices: list[int], ordinal: int) -> int | None:
    position = ordinal - 1 if ordinal > 0 else len(indices) + ordinal
    return indices[position] if 0 <= position < len(indices) else None


def _relative(
    hints: ChoiceHints, items: Sequence[Listed], indices: list[int], reference: datetime, zone: ZoneInfo
) -> list[int]:
    """The indices the relative phrase points to, counted from `reference` (the item it points from)."""
    ref = reference.astimezone(zone)
    ordered = sorted(indices, key=lambda i: items[i].start)
    when = {i: _local(items[i], zone) for i in ordered}
    if hints.relative == "later_same_day":
        return [i for i in ordered if when[i].date() == ref.date() and when[i] > ref]
    if hints.relative == "earlier_same_day":
        return [i for i in ordered if when[i].date() == ref.date() and when[i] < ref]
    if hints.relative == "week_after":
        monday = monday_of(ref.date()) + 7 * DAY
        return [i for i in ordered if monday <= when[i].date() < monday + 7 * DAY]
    if hints.relative == "after_that":
        if hints.weekday is not None:
            day = next_weekday(ref.date(), hints.weekday)
            return [i for i in ordered if when[i].date() == day]
        later = [i for i in ordered if items[i].start > reference]
        return later[:1]
    earlier = [i for i in ordered if items[i].start < reference]
    if hints.weekday is not None:
        return [i for i in earlier if when[i].weekday() == hints.weekday][-1:]
    return earlier[-1:]


def choose(hints: ChoiceHints, items: Sequence[Listed], *, zone: str, reference: datetime | None = None) -> Choice:
    """The listed items the hints fit, seen in `zone` (the zone the card shows times in).

    `reference` is the start of the item a relative phrase points from (`the friday after that`);
    without one, a relative answer gives `needs_reference`, so it is refused plainly, never guessed.
    An ordinal with other hints counts among the items those fit (`the second thursday one`).
    """
    if hints.is_empty():
        return Choice(outcome="unread")
    if hints.relative is not None and reference is None:
        return Choice(outcome="needs_reference")
    tz = ZoneInfo(zone)
    fitting = [i for i, item in enumerate(items) if _fits(hints, item, tz)]
    if hints.relative is not None and reference is not None:
        fitting = _relative(hints, items, fitting, reference, tz)
    if hints.ordinal_or_day and hints.day is not None and hints.ordinal is not None:
        on_day = [i for i in fitting if _local(items[i], tz).date() == hints.day]
        by_position = _by_position(fitting, hints.ordinal)
        if on_day and (by_position is None or by_position in on_day):
            fitting = on_day
        elif on_day and by_position is not None:
            fitting = sorted({*on_day, by_position})  # the 2nd listed, or the one on the 2nd: ask
        else:
            fitting = [by_position] if by_position is not None else []
    elif hints.ordinal is not None:
        picked = _by_position(fitting, hints.ordinal)
        fitting = [picked] if picked is not None else []
    if not fitting:
        return Choice(outcome="none")
    return Choice(outcome="chosen" if len(fitting) == 1 else "several", indices=tuple(fitting))
