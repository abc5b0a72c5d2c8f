"""Helpers for writing labels by hand.

Every date in a label is written out explicitly (the labeller resolves "fri" to a date, not code); these
helpers only add what is mechanical and easy to get wrong by hand: the UTC offset the zone has on that date
(daylight saving counts), the next midnight for a whole day, and a check that the date written really is the
weekday the labeller meant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REASONS = ("Feeling Better", "Condition Worse", "Sick", "COVID-19 related", "Away", "Work", "Other")


@dataclass(frozen=True)
class Clinic:
    """Where and when a request is typed: local wall time, zone, numeric date order."""

    now: str  # "2026-03-04 10:15", local wall time in tz
    tz: str
    order: str = "MDY"

    def now_dt(self) -> datetime:
        return local(self.now, self.tz)


@dataclass(frozen=True)
class Win:
    """A window as local wall times ("YYYY-MM-DD HH:MM"); start "now" means the request's now; end None is open."""

    start: str
    end: str | None


def local(wall: str, tz: str) -> datetime:
    """The instant a wall time names in tz; refuses wall times that do not exist or are ambiguous (DST)."""
    naive = datetime.strptime(wall, "%Y-%m-%d %H:%M")
    zone = ZoneInfo(tz)
    aware = naive.replace(tzinfo=zone)
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    other = naive.replace(tzinfo=zone, fold=1)
    if back != naive or other.utcoffset() != aware.utcoffset():
        raise ValueError(f"{wall} does not name exactly one instant in {tz}")
    return aware


def _check(d: str, wd: str | None) -> date:
    parsed = date.fromisoformat(d)
    if wd is not None and WEEKDAYS[parsed.weekday()] != wd:
        raise ValueError(f"{d} is a {WEEKDAYS[parsed.weekday()]}, not a {wd}")
    return parsed


def _next(d: str) -> str:
    return (date.fromisoformat(d) + timedelta(days=1)).isoformat()


def at(d: str, hm: str, wd: str | None = None) -> Win:
    """An exact time: start == end."""
    _check(d, wd)
    return Win(f"{d} {hm}", f"{d} {hm}")


def day(d: str, wd: str | None = None) -> Win:
    """A whole day, 00:00 to 00:00 the next day."""
    _check(d, wd)
    return Win(f"{d} 00:00", f"{_next(d)} 00:00")


def hours(d: str, start: str, end: str, wd: str | None = None) -> Win:
    """A window inside one day (end "24:00" means the next midnight)."""
    _check(d, wd)
    end_wall = f"{_next(d)} 00:00" if end == "24:00" else f"{d} {end}"
    return Win(f"{d} {start}", end_wall)


def morning(d: str, wd: str | None = None) -> Win:
    return hours(d, "08:00", "12:00", wd)


def afternoon(d: str, wd: str | None = None) -> Win:
    return hours(d, "12:00", "17:00", wd)


def evening(d: str, wd: str | None = None) -> Win:
    return hours(d, "17:00", "21:00", wd)


def after(d: str, hm: str, wd: str | None = None) -> Win:
    return hours(d, hm, "24:00", wd)


def before(d: str, hm: str, wd: str | None = None) -> Win:
    return hours(d, "00:00", hm, wd)


def week(monday: str) -> Win:
    """Monday 00:00 to the Monday after."""
    _check(monday, "mon")
    return Win(f"{monday} 00:00", f"{(date.fromisoformat(monday) + timedelta(days=7)).isoformat()} 00:00")


def days(first: str, end_exclusive: str) -> Win:
    """From first 00:00 to end_exclusive 00:00 (e.g. 'this week': today to next Monday)."""
    _check(first, None)
    _check(end_exclusive, None)
    return Win(f"{first} 00:00", f"{end_exclusive} 00:00")


ASAP = Win("now", None)


def render(win: Win | None, clinic: Clinic) -> dict[str, str | None] | None:
    if win is None:
        return None
    start = clinic.now_dt() if win.start == "now" else local(win.start, clinic.tz)
    end = None if win.end is None else local(win.end, clinic.tz).isoformat()
    return {"start": start.isoformat(), "end": end}


@dataclass
class Case:
    """One labelled request. `alt` lists other windows the contract equally allows ('next Friday')."""

    id: str
    text: str
    clinic: Clinic
    intent: str
    name: str | None = None
    dob: str | None = None
    phone: str | None = None
    ref: str | None = None
    cur: Win | None = None
    tgt: Win | None = None
    reason: str | None = None
    alt: dict[str, list[Win]] = field(default_factory=dict)
    ids: tuple[str, ...] = ()  # identifier spans as written (DOB, phone, booking ref): never times
    tags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        c = self.clinic
        line: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "now": c.now_dt().isoformat(),
            "tz": c.tz,
            "date_order": c.order,
            "kind": self.intent,
            "tags": list(self.tags),
            "expected": {
                "intent": self.intent,
                "patient": {"name": self.name, "date_of_birth": self.dob, "phone": self.phone, "booking_ref": self.ref},
                "current": render(self.cur, c),
                "target": render(self.tgt, c),
                "reason": self.reason,
            },
        }
        if self.ids:
            line["identifiers"] = list(self.ids)
        if self.alt:
            key = {"cur": "current", "tgt": "target"}
            line["also_accept"] = {key[k]: [render(w, c) for w in ws] for k, ws in self.alt.items()}
        return line


def R(clinic: Clinic, id: str, text: str, **kw: Any) -> Case:
    """A reschedule request."""
    return Case(id, text, clinic, "reschedule", **kw)


def X(clinic: Clinic, id: str, text: str, **kw: Any) -> Case:
    """A cancel request."""
    return Case(id, text, clinic, "cancel", **kw)


def U(clinic: Clinic, id: str, text: str, **kw: Any) -> Case:
    """Not a request: only the intent is scored."""
    return Case(id, text, clinic, "unknown", **kw)
