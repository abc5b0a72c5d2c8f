"""dateparser, only for dates our own rules do not know (month names in other languages).

dateparser knows hundreds of languages but costs milliseconds per call and a
noticeable import, so it is imported lazily and asked only about a short
span that looks like `12 mars` or `marzo 12` whose word is not English. The
common request never reaches this module's import.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal

from bot.nlu.times import Atom, DateSpec, upcoming
from bot.nlu.vocab import MONTHS, STOP_WORDS, words

_CANDIDATE = re.compile(
    r"(?<![\w/.:])(\d{1,2})(?:\.|er|º|°)?\s+(?:de\s+|d')?([^\W\d_]{3,12})\.?(?:\s+(?:de\s+)?(\d{4}))?(?![\w/])"
    r"|(?<![\w/.:])([^\W\d_]{3,12})\.?\s+(\d{1,2})(?:\.|er)?(?:,?\s+(\d{4}))?(?![\w/:])"
)
_ENGLISH = (
    STOP_WORDS
    | frozenset(MONTHS)
    | words("days week weeks month months minutes hours years people patients times am pm ish o'clock")
)


def _dateparser_date(span: str, base: datetime, order: Literal["MDY", "DMY"]) -> date | None:
    import dateparser  # lazy: see module docstring

    settings: Any = {
        "RELATIVE_BASE": base.replace(tzinfo=None),
        "DATE_ORDER": order,
        "PREFER_DATES_FROM": "future",
        "REQUIRE_PARTS": ["day", "month"],
    }
    try:
        found = dateparser.parse(span, settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None
    return found.date() if found is not None else None


def foreign_dates(text: str, atoms: list[Atom], now: datetime, order: Literal["MDY", "DMY"]) -> list[Atom]:
    """Dates written with a month name our rules do not know, as atoms."""
    taken = [(atom.start, atom.end) for atom in atoms if atom.date is not None]
    found: list[Atom] = []
    for match in _CANDIDATE.finditer(text):
        word = match.group(2) or match.group(4)
        if word in _ENGLISH or any(match.start() < e and s < match.end() for s, e in taken):
            continue
        parsed = _dateparser_date(match.group(0), now, order)
        if parsed is None:
            continue
        if not (match.group(3) or match.group(6)):
            parsed = upcoming(now.date(), parsed.month, parsed.day) or parsed
        found.append(Atom(match.start(), match.end(), "date", date=DateSpec.day(parsed)))
    return found
