"""parse_request: one staff request -> ParsedRequest, per the parsing contract.

The pipeline, each step pure and in its own module:

1. normalise.strip_markup  - Slack mentions, channel links, emoji and formatting marks out.
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

from datetime import datetime
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from bot.nlu.fallback import foreign_dates
from bot.nlu.identifiers import find_identifiers
from bot.nlu.intent import classify
from bot.nlu.model import ParsedPatient, ParsedRequest, ParsedWindow
from bot.nlu.names import find_name
from bot.nlu.normalise import canonical, strip_markup
from bot.nlu.reason import find_reason
from bot.nlu.times import find_atoms
from bot.nlu.windows import Resolved, assign_roles, group, resolve_current, resolve_target, shared_day, split


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _window(value: Resolved | None) -> ParsedWindow | None:
    return None if value is None else ParsedWindow(start=value.start, end=value.end)


def parse_request(text: str, now: datetime, tz: str, date_order: Literal["MDY", "DMY"] = "MDY") -> ParsedRequest:
    """Parse one staff request. `now` is a wall time in `tz` (naive or aware).

    Never raises on any text: what is not understood is left out (`unknown`
    intent, null fields), so the conversation can ask for it.
    """
    zone = _zone(tz)
    local_now = now.astimezone(zone) if now.tzinfo is not None else now.replace(tzinfo=zone)
    today = local_now.date()

    plain = strip_markup(text)
    found = find_identifiers(plain, today, date_order)
    words = canonical(found.masked)
    atoms = find_atoms(words, today, date_order)
    if not any(atom.date is not None for atom in atoms):
        foreign = foreign_dates(words, atoms, local_now, date_order)
        if foreign:
            kept = [a for a in atoms if not any(a.start < f.end and f.start < a.end for f in foreign)]
            atoms = sorted([*kept, *foreign], key=lambda atom: atom.start)

    phrases = assign_roles(group(atoms, words), words)
    has_target = any(p.role == "target" and (p.strong or any(q.role == "current" for q in phrases)) for p in phrases)
    from_to = any(p.role == "current" and p.strong for p in phrases) and any(
        p.role == "target" and p.strong for p in phrases
    )
    intent = classify(words, has_target, from_to=from_to, written=found.masked.lower())

    current_phrase, target_phrase = split(phrases, intent)
    current = resolve_current(current_phrase, today, zone, shared_day(current_phrase, target_phrase))
    target = resolve_target(target_phrase, current, today, local_now, zone) if intent != "cancel" else None

    return ParsedRequest(
        intent=intent,
        patient=ParsedPatient(
            name=find_name(found.masked),
            date_of_birth=found.date_of_birth,
            phone=found.phone,
            booking_ref=found.booking_ref,
        ),
        current=_window(current),
        target=_window(target),
        reason=find_reason(words) if intent == "cancel" else None,
    )
