"""Times and patients in words, so staff can see a misread before anything changes.

"Fri Mar 6, 8:00 AM–12:00 PM CST" rather than an ISO string: the person must
recognise at a glance that "fri morning" became the Friday they meant.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from bot.domain import PatientQuery, Window


def _clock(instant: datetime) -> str:
    return instant.strftime("%I:%M %p").lstrip("0")


def _day(instant: datetime) -> str:
    return f"{instant:%a %b} {instant.day}"


def _zone(instant: datetime) -> str:
    name = instant.tzname() or ""
    return f" {name}" if name and not name.startswith(("+", "-")) else ""


def describe_instant(instant: datetime, tz: tzinfo | None = None) -> str:
    local = instant.astimezone(tz) if tz is not None else instant
    return f"{_day(local)}, {_clock(local)}{_zone(local)}"


def describe_window(window: Window, tz: tzinfo | None = None) -> str:
    """A window in words, in `tz` (default: the window's own zone)."""
    start = window.start.astimezone(tz) if tz is not None else window.start
    if window.end is None:
        return f"as soon as possible (from {_day(start)}, {_clock(start)}{_zone(start)})"
    end = window.end.astimezone(tz) if tz is not None else window.end
    if end == start:
        return f"{_day(start)}, {_clock(start)}{_zone(start)}"
    midnight = start.hour == start.minute == 0 and end.hour == end.minute == 0
    if midnight:
        last_day = end - timedelta(days=1)
        if last_day.date() == start.date():
            return _day(start)
        return f"{_day(start)} – {_day(last_day)}"
    if start.date() == end.date() or (end.hour == end.minute == 0 and (end - start) <= timedelta(days=1)):
        return f"{_day(start)}, {_clock(start)}–{_clock(end)}{_zone(end)}"
    return f"{_day(start)}, {_clock(start)} – {_day(end)}, {_clock(end)}{_zone(end)}"


def describe_query(query: PatientQuery) -> str:
    """What was searched, for the person who asked (never for logs)."""
    parts = []
    if query.name:
        parts.append(query.name)
    if query.date_of_birth:
        parts.append(f"born {query.date_of_birth:%b} {query.date_of_birth.day}, {query.date_of_birth.year}")
    if query.phone:
        parts.append(f"phone {query.phone}")
    if query.booking_ref:
        parts.append(f"booking #{query.booking_ref}")
    if query.personal_id:
        parts.append(f"personal identifier {query.personal_id}")
    return ", ".join(parts) if parts else "that patient"
