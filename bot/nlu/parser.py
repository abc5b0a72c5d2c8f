"""parse_request: one staff request -> ParsedRequest, per the parsing contract.

The pipeline, each step pure and in its own module:

0. message.request_lines   - quote marks, forwarded headers, signatures and list marks out.
1. normalise.strip_markup  - shorthand verbs written out; Slack mentions, links, emoji and marks out.
2. identifiers             - birth date, phone and booking reference found, then masked, so
                             no date rule below can ever read them as a time.
3. normalise.canonical     - one spelling per word (`tmrw`, `wednsday`, `sept`).
4. times.find_atoms        - our clinic rules for dates and times (fast, precompiled).
5. fallback                - dateparser, only for a date our rules do not know (other languages).
6. windows                 - atoms grouped into phrases, marked current or target, resolved
                             in the clinic zone with the offset of each date.
7. intent, reason, names   - what is wanted, why, and for whom.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.nlu.fallback import foreign_dates
from bot.nlu.identifiers import Identifiers, find_identifiers
from bot.nlu.intent import classify
from bot.nlu.message import request_lines
from bot.nlu.model import Intent, ParsedPatient, ParsedRequest, ParsedWindow
from bot.nlu.names import find_name
from bot.nlu.normalise import canonical, expand_shorthand, strip_markup
from bot.nlu.reason import find_reason
from bot.nlu.times import DateOrder, find_atoms
from bot.nlu.vocab import WEEKDAY_RE
from bot.nlu.windows import (
    Phrase,
    Resolved,
    assign_roles,
    group,
    resolve_current,
    resolve_target,
    shared_day,
    split,
)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _window(value: Resolved | None) -> ParsedWindow | None:
    return None if value is None else ParsedWindow(start=value.start, end=value.end)


@dataclass(frozen=True)
class Analysis:
    """What the parser read, before it is shaped into the contract's JSON; typed answers read it too."""

    intent: Intent
    name: str | None
    found: Identifiers
    phrases: tuple[Phrase, ...]
    current: Resolved | None
    target: Resolved | None
    words: str
    """The canonical text the date rules read."""


# `the friday after that`, `later that day`: a time counted from another one the request does not give. Read as
# a plain date it would be silently wrong (`the friday after that` is not this Friday), so it gives no window and
# the conversation asks; against a listed time the typed-answer reader (choice.py) resolves it.
_POINTING = re.compile(
    rf"\b(?:the\s+)?(?:(?:{WEEKDAY_RE})\s+|one\s+|day\s+|week\s+)?(?:after|before)\s+(?:that|this one|it)\b"
    rf"|\bthe\s+(?:{WEEKDAY_RE})\s+(?:after|before)\b(?!\s+(?:next|last|the|this|\d))"
    r"|\b(?:later|earlier)\s+(?:on\s+)?(?:that|the\s+same)\s+(?:day|morning|afternoon|evening)\b"
    r"|\bsame\s+day,?\s+(?:later|earlier)\b"
)


def _without_pointing(words: str) -> str:
    if "after" not in words and "before" not in words and "same" not in words and " that " not in words:
        return words
    return _POINTING.sub(lambda m: " " * len(m[0]), words)


def _read(text: str, local_now: datetime, date_order: DateOrder) -> tuple[Identifiers, str, list[Phrase]]:
    today = local_now.date()
    plain = strip_markup(expand_shorthand(text))
    found = find_identifiers(plain, today, date_order)
    words = _without_pointing(canonical(found.masked))
    atoms = find_atoms(words, today, date_order)
    if not any(atom.date is not None for atom in atoms):
        foreign = foreign_dates(words, atoms, local_now, date_order)
        if foreign:
            kept = [a for a in atoms if not any(a.start < f.end and f.start < a.end for f in foreign)]
            atoms = sorted([*kept, *foreign], key=lambda atom: atom.start)
    return found, words, assign_roles(group(atoms, words), words)


def analyse(text: str, now: datetime, tz: str, date_order: DateOrder = "MDY") -> Analysis:
    """Read one request: identifiers, phrases with their roles, intent, name, windows. Never raises."""
    zone = _zone(tz)
    local_now = now.astimezone(zone) if now.tzinfo is not None else now.replace(tzinfo=zone)
    today = local_now.date()

    message = request_lines(text)
    body = _first_of_several(message.requests) or message.body
    found, words, phrases = _read(body, local_now, date_order)
    name = find_name(found.masked)
    if name is None and message.signature:
        # Nobody is named above the sign-off: a forwarded note from the patient, signed with their name.
        found, words, phrases = _read(f"{body}\n{message.signature}", local_now, date_order)
        name = find_name(found.masked)

    has_target = any(p.role == "target" and (p.strong or any(q.role == "current" for q in phrases)) for p in phrases)
    intent = classify(
        words,
        has_target,
        from_to=_from_to(phrases, words),
        written=found.masked.lower(),
        first_available=any(p.asap for p in phrases),
        name_leads=name is not None and _leads(name, words, phrases),
    )
    current_phrase, target_phrase = split(phrases, intent)
    current = resolve_current(current_phrase, today, zone, shared_day(current_phrase, target_phrase))
    target = resolve_target(target_phrase, current, today, local_now, zone) if intent != "cancel" else None
    return Analysis(intent, name, found, tuple(phrases), current, target, words)


def _first_of_several(requests: tuple[str, ...]) -> str | None:
    """A list of requests for different patients is read one at a time: the first (the contract has one intent)."""
    if len(requests) < 2:
        return None
    names = [find_name(strip_markup(item)) for item in requests[:2]]
    if names[0] and names[1] and names[0].lower() != names[1].lower():
        return requests[0]
    return None


def _from_to(phrases: list[Phrase], words: str) -> bool:
    """Both the appointment and the wish are named: with cue words, or as `tue 3pm to fri 10am` / `tue 3pm / fri`."""
    if any(p.role == "current" and p.strong for p in phrases) and any(p.role == "target" and p.strong for p in phrases):
        return True
    return any(
        later.role == "target"
        and later.has_date  # `friday 9am to 5pm` is a range of hours, not a move
        and earlier.role == "current"
        and _TO_BETWEEN.fullmatch(words, earlier.end, later.start)
        for earlier, later in itertools.pairwise(phrases)
    )


_TO_BETWEEN = re.compile(r"\s*(?:to|/|=>|-->?)\s*")


def _leads(name: str, words: str, phrases: list[Phrase]) -> bool:
    """The request opens with the name and then the wish itself (`lopez to fri`, `jones -> next wk`)."""
    lowered = name.lower()
    if not words.startswith(lowered):
        return False
    joint = _NAME_THEN_TO.match(words, len(lowered))
    return joint is not None and any(p.start == joint.end() and p.role == "target" for p in phrases)


_NAME_THEN_TO = re.compile(r"\s*[:,-]?\s*(?:to|->)\s+")


def parse_request(text: str, now: datetime, tz: str, date_order: DateOrder = "MDY") -> ParsedRequest:
    """Parse one staff request. `now` is a wall time in `tz` (naive or aware).

    Never raises on any text: what is not understood is left out (`unknown`
    intent, null fields), so the conversation can ask for it.
    """
    read = analyse(text, now, tz, date_order)
    found = read.found
    return ParsedRequest(
        intent=read.intent,
        patient=ParsedPatient(
            name=read.name,
            date_of_birth=found.date_of_birth,
            phone=found.phone,
            booking_ref=found.booking_ref,
        ),
        current=_window(read.current),
        target=_window(read.target),
        reason=find_reason(read.words) if read.intent == "cancel" else None,
    )
