"""Vendor text read leniently: a field we cannot read is absent, never a crash.

A vendor's birth date or zone name is shown to staff or used to word times;
one that is missing or malformed must not stop the appointment being found,
so these answer None instead of raising.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def known_zone(name: str | None) -> str | None:
    """`name` when it is an IANA zone this machine knows; None otherwise."""
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def birth_date(text: str | None) -> date | None:
    """The date at the start of `text` (`1985-03-14`, `1985-03-14T00:00:00`); None when there is none."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
