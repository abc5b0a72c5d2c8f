"""Reading the demo clinic's diary: appointment rows joined to what staff see, and the indexed patient search.

Every query here is bounded by an index: a patient search starts from the
patient keys (keys.py), never from every future booking.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.backends.errors import AppointmentNotFound
from bot.backends.sandbox.keys import name_key, name_words, phone_range, reference_key
from bot.backends.sandbox.slots import from_utc_text, to_utc_text
from bot.domain import (
    Appointment,
    AppointmentStatus,
    Location,
    Patient,
    PatientQuery,
    Practitioner,
    Service,
)

APPOINTMENTS_SQL = """
SELECT a.id, a.start_utc, a.end_utc, a.status, a.reference, a.series_id,
       a.practitioner_id, a.location_id, a.cancel_reason, a.cancel_note,
       p.id AS patient_id, p.first_name, p.last_name, p.date_of_birth, p.phone,
       l.name AS location_name, l.timezone,
       s.id AS service_id, s.name AS service_name, s.duration_minutes,
       pr.name AS practitioner_name
FROM sandbox_appointments a
JOIN sandbox_patients p ON p.id = a.patient_id
JOIN sandbox_locations l ON l.id = a.location_id
JOIN sandbox_services s ON s.id = a.service_id
JOIN sandbox_practitioners pr ON pr.id = a.practitioner_id
"""

UPCOMING = "a.status = 'booked' AND a.end_utc > ?"
"""Booked and not yet over (an appointment in progress is still upcoming); the parameter is now in UTC text."""


def rows(
    db: sqlite_utils.Database, where: str = "", params: Iterable[Any] = (), *, limit: int = 0
) -> list[dict[str, Any]]:
    sql = APPOINTMENTS_SQL + (f" WHERE {where}" if where else "") + " ORDER BY a.start_utc, a.id"
    return list(db.query(sql + (f" LIMIT {int(limit)}" if limit else ""), list(params)))


def row(db: sqlite_utils.Database, appointment_id: str) -> dict[str, Any]:
    found = rows(db, "a.id = ?", [appointment_id])
    if not found:
        raise AppointmentNotFound()
    return found[0]


def row_or_none(db: sqlite_utils.Database, appointment_id: str) -> dict[str, Any] | None:
    found = rows(db, "a.id = ?", [appointment_id])
    return found[0] if found else None


def to_appointment(item: dict[str, Any]) -> Appointment:
    zone = ZoneInfo(item["timezone"])
    born = item["date_of_birth"]
    return Appointment(
        id=item["id"],
        patient=Patient(
            id=item["patient_id"],
            name=f"{item['first_name']} {item['last_name']}",
            date_of_birth=date.fromisoformat(born) if born else None,
            phone=item["phone"],
        ),
        start=from_utc_text(item["start_utc"]).astimezone(zone),
        end=from_utc_text(item["end_utc"]).astimezone(zone),
        location=Location(id=item["location_id"], name=item["location_name"], timezone=item["timezone"]),
        service=Service(id=item["service_id"], name=item["service_name"], duration_minutes=item["duration_minutes"]),
        practitioner=Practitioner(id=item["practitioner_id"], name=item["practitioner_name"]),
        status=AppointmentStatus(item["status"]),
        reference=item["reference"],
        repeats=item["series_id"] is not None,
    )


def patient_conditions(query: PatientQuery, alias: str = "p") -> tuple[list[str], list[Any]] | None:
    """SQL conditions on the patient row for the name, birth date and phone given; None when none can match.

    A name is a full name in either order (its sorted words are the patient's
    `name_key`) or one word of it (the word table); a phone is the range of
    `phone_key`s that end with the digits typed.
    """
    where: list[str] = []
    params: list[Any] = []
    if query.name:
        words = name_words(query.name)
        if not words:
            return None
        if len(words) == 1:
            where.append(f"{alias}.id IN (SELECT patient_id FROM sandbox_patient_words WHERE word = ?)")
            params.append(words[0])
        else:
            where.append(f"{alias}.name_key = ?")
            params.append(name_key(words))
    if query.date_of_birth:
        where.append(f"{alias}.date_of_birth = ?")
        params.append(query.date_of_birth.isoformat())
    if query.phone:
        bounds = phone_range(query.phone)
        if bounds is None:
            return None
        where.append(f"{alias}.phone_key >= ? AND {alias}.phone_key < ?")
        params.extend(bounds)
    return where, params


def upcoming_of_patients(db: sqlite_utils.Database, query: PatientQuery, *, now: datetime) -> list[dict[str, Any]]:
    """Upcoming booked rows of the patients `query` names (every key given must match), by start."""
    conditions = patient_conditions(query)
    if conditions is None:
        return []
    where, params = conditions
    where = [UPCOMING, *where]
    params = [to_utc_text(now), *params]
    if query.booking_ref:
        where.append("a.reference = ? COLLATE NOCASE")
        params.append(reference_key(query.booking_ref))
    return rows(db, " AND ".join(where), params)


def next_upcoming(
    db: sqlite_utils.Database, patient_id: str, *, now: datetime, booking_ref: str | None = None
) -> dict[str, Any] | None:
    """The patient's next upcoming booked row (the one with that reference, when given)."""
    where, params = [f"a.patient_id = ? AND {UPCOMING}"], [patient_id, to_utc_text(now)]
    if booking_ref:
        where.append("a.reference = ? COLLATE NOCASE")
        params.append(reference_key(booking_ref))
    found = rows(db, " AND ".join(where), params, limit=1)
    return found[0] if found else None


def later_in_series(db: sqlite_utils.Database, chosen: dict[str, Any]) -> list[dict[str, Any]]:
    """The booked occurrences of the chosen row's series that start after it, in start order.

    No clock is read: what follows an upcoming appointment is upcoming, and
    the listing on the confirm card and the cancel must agree whatever the
    two callers' clocks say.
    """
    return rows(
        db,
        "a.series_id = ? AND a.start_utc > ? AND a.id != ? AND a.status = 'booked'",
        [chosen["series_id"], chosen["start_utc"], chosen["id"]],
    )
