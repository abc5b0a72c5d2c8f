"""Atoms -> phrases -> the current appointment's window and the target window.

Atoms that stand next to each other (`Friday` `at` `3pm`) form one phrase. The
words around a phrase say whose it is: `from`, `'s appt`, `instead of` mark the
appointment that exists now; `to`, `for`, `can she come`, `instead` mark the
window wanted. Resolution then fills what a phrase leaves out: a target with
only a time takes the current appointment's date (contract), anything else
without a date is today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

from bot.nlu.times import Atom, DateSpec, Shift, TimeSpec, monday_of

Role = Literal["current", "target"]

_JOIN = re.compile(
    r"^[\s,]*(?:(?:at|on|@|the|in|around|about|approx\.?|approximately|sometime|some time|anytime|any time|ideally"
    r"|preferably|maybe|probably|or so|by|ish|-|from|of|like|say|an?|slot|spot|time|appointment|visit|session)[\s,]*)*$"
)
_CURRENT_AFTER = re.compile(
    r"^\s*(?:'s\b|appointment|visit|slot|session|booking|one\b|spot"
    # `Thursday no longer works`, `tue doesn't work for her`: the time being given up
    r"|(?:no longer|doesn't|does not|won't|will not|isn't going to|is not going to) (?:work|suit)s?\b|is no good\b)"
)
_TARGET_AFTER = re.compile(
    r"^\s*,?\s*(?:instead|rather|works|would work|will work|is better|better|if possible"
    r"|if (?:you|we) can|would be (?:better|great|good|best|ideal)|is (?:good|fine|ok|best|ideal)|please)\b"
)
_CUES = re.compile(
    r"(?P<current>\binstead of\b|\brather than\b|\b(?:can't|cannot|can not|won't|unable to|not able to|doesn't|does not"
    r"|not) (?:make|do|come|attend|be)(?: it| in| there)?\b|\bfrom\b|\bappointment\b|\bhas\b|\bhave\b|\bhad\b"
    r"|\bbooked\b|\bscheduled\b|\bcurrent(?:ly)?\b|\boriginally\b|\bwas\b|'s\b|\bher\b|\bhis\b|\btheir\b|\bexisting\b"
    r"|\bthe one (?:on|at|for)\b)"
    r"|(?P<target>\bto\b|\binto\b|\bonto\b|\bfor\b|->|\binstead\b|\bcome\b|\bdo\b|\bmake\b|\bprefers?\b|\bwants?\b"
    r"|\blike\b|\brather\b|\bavailable\b|\bavailability\b|\bworks\b|\btry\b|\bopen\b|\bopenings?\b|\banything\b"
    r"|\bsomething\b|\bsometime\b|\buntil\b|\btill\b|\bnew\b|\brequested\b)"
)
# `needs to move Tue 3pm. Prefers Fri am.`: a time right after the verb is the one being moved, whatever cue
# came before the verb; it is left to the defaults (current before a target, else the target).
_AFTER_VERB = re.compile(
    r"\b(?:move|moving|reschedule|rescheduling|push|pushing|bump|bumping|shift|switch|change|rebook|postpone)"
    r"(?: the)?(?: (?:appointment|visit|slot|session|booking))?\s*$"
)


@dataclass(frozen=True)
class Phrase:
    start: int
    end: int
    date: DateSpec | None = None
    time: TimeSpec | None = None
    asap: bool = False
    shift: Shift | None = None
    same_time: bool = False
    same_day: bool = False
    week_of: bool = False
    date_after_time: bool = False
    specific: bool = False
    role: Role | None = None
    strong: bool = False

    @property
    def has_date(self) -> bool:
        return self.date is not None or self.same_day

    @property
    def has_time(self) -> bool:
        return self.time is not None or self.same_time


def _add(phrase: Phrase, atom: Atom) -> Phrase | None:
    """The phrase with the atom added, or None when the atom starts a new phrase."""
    if phrase.shift is not None or atom.kind == "shift":
        return None
    wants_date = atom.kind in ("date", "both", "same_day")
    wants_time = atom.kind in ("time", "both", "same_time")
    if wants_date and phrase.date is not None and atom.specific and not phrase.specific and atom.kind == "date":
        # `Monday the 16th`, `Fri 3/13`: the calendar date is the more precise of the two.
        return replace(phrase, end=atom.end, date=atom.date, specific=True)
    if wants_date and (phrase.has_date and not (phrase.week_of and phrase.date is None)):
        return None
    if wants_time and phrase.has_time:
        return None
    if atom.kind == "week_of" and (phrase.has_date or phrase.week_of):
        return None
    updated = replace(phrase, end=atom.end)
    if atom.kind == "asap":
        return replace(updated, asap=True)
    if atom.kind == "week_of":
        return replace(updated, week_of=True)
    if atom.kind == "same_time":
        return replace(updated, same_time=True)
    if atom.kind == "same_day":
        return replace(updated, same_day=True)
    late_date = atom.kind == "date" and phrase.time is not None
    return replace(
        updated,
        date=atom.date or phrase.date,
        time=atom.time or phrase.time,
        date_after_time=phrase.date_after_time or late_date,
        specific=phrase.specific or atom.specific,
    )


def group(atoms: list[Atom], text: str) -> list[Phrase]:
    """Adjacent atoms, separated only by `at`, `on`, commas and the like, form one phrase."""
    phrases: list[Phrase] = []
    for atom in atoms:
        if phrases and _JOIN.match(text[phrases[-1].end : atom.start]):
            merged = _add(phrases[-1], atom)
            if merged is not None:
                phrases[-1] = merged
                continue
        fresh = _add(Phrase(atom.start, atom.start), atom)
        if fresh is not None:
            phrases.append(fresh)
        else:
            phrases.append(Phrase(atom.start, atom.end, shift=atom.shift))
    return phrases


_SENTENCE_END = re.compile(r"[.!?]\s+(?=[a-z])")


def _sentence_start(before: str) -> int:
    """Where the sentence holding the end of `before` starts (`needs to move. thursday` -> at `thursday`)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    return ends[-1] if ends else 0


def assign_roles(phrases: list[Phrase], text: str) -> list[Phrase]:
    """Mark each phrase current or target from the words around it."""
    marked: list[Phrase] = []
    for index, phrase in enumerate(phrases):
        before = text[phrases[index - 1].end if index else 0 : phrase.start]
        before = before[_sentence_start(before) :]  # a cue in an earlier sentence says nothing of this one
        after = text[phrase.end : phrases[index + 1].start if index + 1 < len(phrases) else len(text)]
        role: Role | None = None
        if phrase.asap or phrase.shift is not None or phrase.same_time or phrase.same_day:
            role = "target"
        elif _CURRENT_AFTER.match(after):
            role = "current"
        elif _TARGET_AFTER.match(after):
            role = "target"
        elif not _AFTER_VERB.search(before):
            cues = list(_CUES.finditer(before))
            if cues:
                role = "current" if cues[-1].group("current") else "target"
        marked.append(replace(phrase, role=role, strong=role is not None))
    return _default_roles(marked)


def _default_roles(phrases: list[Phrase]) -> list[Phrase]:
    """Unmarked phrases: before a target they are the current appointment, otherwise the target."""
    if not phrases:
        return phrases
    roles: list[Role | None] = [phrase.role for phrase in phrases]
    if all(role is None for role in roles):
        roles[-1] = "target"
        if len(roles) > 1:
            roles[0] = "current"
    first_target = next((i for i, role in enumerate(roles) if role == "target"), None)
    for index, role in enumerate(roles):
        if role is None:
            if first_target is not None and index < first_target:
                roles[index] = "current"
            elif any(r == "current" for r in roles[:index]) or first_target is not None:
                roles[index] = "target"
            else:
                roles[index] = "current"
    return [replace(phrase, role=role) for phrase, role in zip(phrases, roles, strict=True)]


def combine(phrases: list[Phrase]) -> Phrase | None:
    """The first phrase, completed by the next ones while they only add what it lacks."""
    if not phrases:
        return None
    result = phrases[0]
    for phrase in phrases[1:]:
        adds_date = phrase.has_date and not phrase.has_time and not result.has_date
        adds_time = phrase.has_time and not phrase.has_date and not result.has_time
        if adds_date:
            result = replace(
                result, date=phrase.date, same_day=phrase.same_day, week_of=result.week_of or phrase.week_of
            )
        elif adds_time:
            result = replace(result, time=phrase.time, same_time=phrase.same_time)
        elif phrase.asap and not result.asap and not result.has_date and not result.has_time:
            result = replace(result, asap=True)
        else:
            break
    return result


@dataclass(frozen=True)
class Resolved:
    """A resolved window with what it was made of, so a target can borrow the current date."""

    start: datetime
    end: datetime | None
    day: date | None
    time: TimeSpec | None


def _at(day: date, minutes: int, zone: tzinfo) -> datetime:
    return datetime.combine(day + timedelta(days=minutes // 1440), time(minutes % 1440 // 60, minutes % 60), zone)


def _window(days: DateSpec, spec: TimeSpec | None, zone: tzinfo) -> Resolved:
    if not days.single:
        return Resolved(_at(days.first, 0, zone), _at(days.last, 0, zone), None, None)
    if spec is None:
        return Resolved(_at(days.first, 0, zone), _at(days.last, 0, zone), days.first, None)
    return Resolved(_at(days.first, spec.start, zone), _at(days.first, spec.end, zone), days.first, spec)


def shared_day(current: Phrase | None, target: Phrase | None) -> date | None:
    """`from 9 to 11 on Friday`: a date after the target's time is shared by a current time without one."""
    if current is None or target is None or current.has_date or not current.has_time:
        return None
    if target.date is None or not target.date.single or not target.date_after_time:
        return None
    return target.date.first


def resolve_current(phrase: Phrase | None, today: date, zone: tzinfo, day: date | None = None) -> Resolved | None:
    """The current appointment's window; a phrase with only a time is on `day`, else today."""
    if phrase is None or not (phrase.has_date or phrase.has_time):
        return None
    days = phrase.date or DateSpec.day(day or today)
    if phrase.week_of and phrase.date is not None:
        first = monday_of(phrase.date.first)
        days = DateSpec(first, first + timedelta(days=7))
    return _window(days, phrase.time, zone)


def resolve_target(
    phrase: Phrase | None, current: Resolved | None, today: date, now: datetime, zone: tzinfo
) -> Resolved | None:
    if phrase is None:
        return None
    if phrase.shift is not None:
        return _shifted(current, phrase.shift, zone) if current is not None else None
    if not (phrase.has_date or phrase.has_time):
        return Resolved(now, None, None, None) if phrase.asap else None
    current_day = current.day if current is not None else None
    days = phrase.date
    if days is None:
        days = DateSpec.day(current_day or today)
    elif phrase.week_of:
        first = monday_of(days.first)
        days = DateSpec(first, first + timedelta(days=7))
    spec = phrase.time
    if spec is None and phrase.same_time and current is not None:
        spec = current.time
    return _window(days, spec, zone)


def _shifted(current: Resolved, shift: Shift, zone: tzinfo) -> Resolved:
    """Move the current window by wall-clock amounts, so `a week later` keeps 3pm across DST."""

    def move(moment: datetime) -> datetime:
        wall = moment.replace(tzinfo=None) + timedelta(days=shift.days, minutes=shift.minutes)
        return wall.replace(tzinfo=zone)

    end = move(current.end) if current.end is not None else None
    day = move(current.start).date() if current.day is not None else None
    return Resolved(move(current.start), end, day, current.time)


def split(phrases: list[Phrase], intent: str) -> tuple[Phrase | None, Phrase | None]:
    """(current, target) phrases for the intent; a cancel has no target."""
    if intent == "cancel":
        return combine([p for p in phrases if not p.asap and p.shift is None]), None
    current = combine([p for p in phrases if p.role == "current"])
    target = combine([p for p in phrases if p.role == "target"])
    return current, target
