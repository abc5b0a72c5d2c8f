"""Date and time expressions in canonical text -> atoms (what day, what time of day).

Each rule is one precompiled regex that turns a span of the canonical text
(see normalise.canonical) into an `Atom`. Rules run from the most specific to
the most general: the day rules (day_rules.py) before the clock rules
(clock_rules.py), and a span, once read, is never read again, so `3/16` is a
date before `3` could be an hour. Grouping atoms into windows and deciding
which is the current appointment and which the target is windows.py's job.
"""

from __future__ import annotations

import re
from datetime import date

from bot.nlu import clock_rules, day_rules
from bot.nlu.atoms import (
    Atom,
    Context,
    DateOrder,
    DateSpec,
    Shift,
    TimeSpec,
    clock_hour,
    monday_of,
    next_monday,
    next_weekday,
    upcoming,
)

__all__ = [
    "Atom",
    "DateOrder",
    "DateSpec",
    "Shift",
    "TimeSpec",
    "clock_hour",
    "find_atoms",
    "monday_of",
    "next_monday",
    "next_weekday",
    "upcoming",
]

_RULES = day_rules.RULES + clock_rules.RULES

_NOT_A_TIME = re.compile(
    r"^(?:hi |hey |hello )?(?:good )?(?:morning|afternoon|evening)\b(?=\s*[!,.:;-]|\s+(?:all|team|everyone|folks|guys"
    r"|y'all|ladies|people|gang|crew)\b|$)|\bgood (?:morning|afternoon|evening|night)\b"
    r"|\bsince (?:last (?:night|week|month)|yesterday|this morning|the weekend|(?:the )?last (?:visit|appointment))\b"
    r"|\blast (?:night|week|month|time)\b"
    # when the message came, not the appointment: `Tom Baker called this morning`, `left a vm yesterday at 4pm`
    r"|\b(?:called|rang|phoned|texted|emailed|messaged|wrote|left (?:a |us a )?(?:message|voicemail|vm|msg)"
    r"|spoke (?:to|with) (?:her|him|them|me|us)|heard from (?:her|him|them))(?: (?:in|us|me|back|the (?:office"
    r"|clinic|front desk)))?(?: (?:this (?:morning|afternoon|evening)|earlier(?: today)?|today|yesterday|last night"
    r"|just now)(?: at \d{1,2}(?::\d\d)?\s?(?:am|pm))?| at \d{1,2}(?::\d\d)?\s?(?:am|pm)| at \d{1,2}:\d\d)\b"
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
