"""Who is busy when: the diary queries behind open slots, holds and moves, each bounded to its window.

A practitioner's diary grows every day; a query for one week must read that
week only. The practitioner/start index is searched between two bounds: the
window's end, and its start less the longest visit (every visit lasts its
service's length: seeding, booking and moves all keep that, so nothing that
starts earlier can still be running inside the window).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.backends.errors import InvalidRequest
from bot.backends.sandbox.slots import Hours, OpeningHours, fits_opening_hours, from_utc_text, overlaps, to_utc_text
from bot.domain import Slot

Busy = tuple[datetime, datetime, str]
"""(start, end, "booked" | "held"), in UTC."""


def opening_hours(db: sqlite_utils.Database, location_id: str) -> OpeningHours:
    return {
        item["weekday"]: Hours(time.fromisoformat(item["opens"]), time.fromisoformat(item["closes"]))
        for item in db.query("SELECT * FROM sandbox_hours WHERE location_id = ?", [location_id])
    }


def fits(db: sqlite_utils.Database, location_id: str, zone: str, start: datetime, end: datetime) -> bool:
    """On the quarter-hour grid and inside one day's opening hours of the location."""
    return fits_opening_hours(start, end, opening_hours(db, location_id), ZoneInfo(zone))


def longest_visit(db: sqlite_utils.Database) -> timedelta:
    minutes = db.execute("SELECT MAX(duration_minutes) FROM sandbox_services").fetchone()[0]
    return timedelta(minutes=int(minutes or 0))


def busy(
    db: sqlite_utils.Database,
    practitioner_id: str,
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    moving: str | None,
    patient_id: str | None = None,
) -> list[Busy]:
    """Booked visits and live holds of the practitioner touching [start, end), except those of `moving`; with
    `patient_id`, also that patient's other booked visits then, with anyone (one person, one place at a time:
    a time they are booked elsewhere is never offered, held or moved to)."""
    earliest = start - longest_visit(db)
    params = [practitioner_id, to_utc_text(earliest), to_utc_text(end), to_utc_text(start), moving or ""]
    booked = db.execute(
        "SELECT start_utc, end_utc FROM sandbox_appointments WHERE practitioner_id = ? AND start_utc > ? "
        "AND start_utc < ? AND end_utc > ? AND status = 'booked' AND id != ?",
        params,
    ).fetchall()
    held = db.execute(
        "SELECT start_utc, end_utc FROM sandbox_holds WHERE practitioner_id = ? AND start_utc > ? AND start_utc < ? "
        "AND end_utc > ? AND appointment_id != ? AND expires_utc > ?",
        [*params, to_utc_text(now)],
    ).fetchall()
    if patient_id is not None:
        booked += db.execute(  # the patient index: a patient has a handful of visits, not a diary
            "SELECT start_utc, end_utc FROM sandbox_appointments WHERE patient_id = ? AND status = 'booked' "
            "AND id != ? AND start_utc < ? AND end_utc > ?",
            [patient_id, moving or "", to_utc_text(end), to_utc_text(start)],
        ).fetchall()
    return [(from_utc_text(s), from_utc_text(e), "booked") for s, e in booked] + [
        (from_utc_text(s), from_utc_text(e), "held") for s, e in held
    ]


def taken_by(
    db: sqlite_utils.Database,
    appointment_id: str,
    practitioner_id: str,
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    patient_id: str | None = None,
) -> str | None:
    """None when [start, end) can be given to the appointment, else "booked" or "held" (booked wins)."""
    found = busy(db, practitioner_id, start, end, now=now, moving=appointment_id, patient_id=patient_id)
    kinds = {kind for b_start, b_end, kind in found if overlaps(start, end, b_start, b_end)}
    return "booked" if "booked" in kinds else ("held" if kinds else None)


def practitioner_for(item: dict[str, Any], slot: Slot) -> str:
    """The practitioner the slot is for; refuse a slot at another location, with another person, or too long."""
    if slot.location_id != item["location_id"]:
        raise InvalidRequest("That time is at another location than the appointment.")
    practitioner_id = slot.practitioner_id or item["practitioner_id"]
    if practitioner_id != item["practitioner_id"]:
        raise InvalidRequest("That time is with another practitioner than the appointment.")
    if slot.end.astimezone(UTC) - slot.start.astimezone(UTC) != timedelta(minutes=item["duration_minutes"]):
        raise InvalidRequest("That time does not fit the appointment's length.")
    return str(practitioner_id)
