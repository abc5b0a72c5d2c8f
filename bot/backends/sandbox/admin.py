"""What the demo's admin may do that staff may not through the bot: book new appointments.

`clinic-bot sandbox book` and the tests use it to put an appointment where they
need one; it refuses what the diary refuses (closed hours, a double booking).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.backends.errors import InvalidRequest, SlotTaken
from bot.backends.sandbox.availability import busy, fits
from bot.backends.sandbox.keys import insert_patients, name_key, name_words
from bot.backends.sandbox.reading import row, to_appointment
from bot.backends.sandbox.slots import to_utc_text
from bot.domain import Appointment, AppointmentStatus

if TYPE_CHECKING:
    from bot.backends.sandbox.backend import SandboxBackend


def _split_name(name: str) -> tuple[str, str]:
    words = name.split()
    if len(words) < 2:
        raise InvalidRequest("Give the patient's first and last name.")
    return " ".join(words[:-1]), words[-1]


def _pick(rows: list[dict[str, Any]], wanted: str | None, what: str) -> dict[str, Any]:
    """By id, exact name, or a unique part of the name (case-insensitive); the first row when not given."""
    if wanted is None:
        return rows[0]
    text = wanted.strip().lower()
    exact = [item for item in rows if text in (item["id"].lower(), item["name"].lower())]
    partial = [item for item in rows if text in item["name"].lower()]
    for found in (exact, partial):
        if len(found) == 1:
            return found[0]
    names = ", ".join(item["name"] for item in rows)
    raise InvalidRequest(f"No single {what} matches {wanted!r} (there are: {names}).")


class SandboxAdmin:
    """Books into the demo clinic a backend has open (same file, same clock)."""

    def __init__(self, backend: SandboxBackend) -> None:
        self.backend = backend

    def book(
        self,
        *,
        patient: str,
        date_of_birth: date,
        phone: str,
        start: datetime,
        service: str | None = None,
        location: str | None = None,
    ) -> Appointment:
        """A naive `start` is wall time at the location; the first practitioner free then is booked."""
        first_name, last_name = _split_name(patient)
        with self.backend.db.transaction() as db:
            locations = list(db.query("SELECT * FROM sandbox_locations ORDER BY id DESC"))
            services = list(db.query("SELECT * FROM sandbox_services ORDER BY duration_minutes DESC"))
            if not locations or not services:
                raise InvalidRequest("The demo clinic is empty: run `clinic-bot sandbox seed` first.")
            # Riverside (the clinic's own zone) and a 30-minute consultation unless told otherwise.
            where = _pick(locations, location, "location")
            what = _pick(sorted(services, key=lambda item: item["duration_minutes"] != 30), service, "service")
            zone = ZoneInfo(where["timezone"])
            begins = (start.replace(tzinfo=zone) if start.tzinfo is None else start).astimezone(UTC)
            ends = begins + timedelta(minutes=what["duration_minutes"])
            if not fits(db, where["id"], where["timezone"], begins, ends):
                raise InvalidRequest(
                    f"{where['name']} is not open for a {what['duration_minutes']}-minute visit at that time "
                    "(visits start on the quarter hour inside opening hours)."
                )
            now = self.backend.clock()
            practitioner = next(
                (
                    candidate["id"]
                    for candidate in db.query(
                        "SELECT id FROM sandbox_practitioners WHERE location_id = ? ORDER BY id", [where["id"]]
                    )
                    if not busy(db, candidate["id"], begins, ends, now=now, moving=None)
                ),
                None,
            )
            if practitioner is None:
                raise SlotTaken(f"Every practitioner at {where['name']} is already booked at that time.")
            patient_id = self._patient(db, first_name, last_name, date_of_birth, phone)
            appointment_id = self._new_id(db, "apt", "sandbox_appointments")
            db.table("sandbox_appointments").insert(
                {
                    "id": appointment_id,
                    "patient_id": patient_id,
                    "location_id": where["id"],
                    "service_id": what["id"],
                    "practitioner_id": practitioner,
                    "start_utc": to_utc_text(begins),
                    "end_utc": to_utc_text(ends),
                    "status": AppointmentStatus.BOOKED.value,
                    "reference": self._new_reference(db),
                    "series_id": None,
                    "cancel_reason": None,
                    "cancel_note": None,
                }
            )
            return to_appointment(row(db, appointment_id))

    @classmethod
    def _patient(cls, db: sqlite_utils.Database, first: str, last: str, born: date, phone: str) -> str:
        """The known patient of that name and birth date, or a new one."""
        known = db.execute(
            "SELECT id, first_name, last_name FROM sandbox_patients WHERE name_key = ? AND date_of_birth = ? "
            "ORDER BY id",
            [name_key(name_words(f"{first} {last}")), born.isoformat()],
        ).fetchall()
        for patient_id, known_first, known_last in known:
            if name_words(f"{known_first} {known_last}") == name_words(f"{first} {last}"):
                return str(patient_id)
        patient_id = cls._new_id(db, "pat", "sandbox_patients")
        insert_patients(
            db,
            [
                {
                    "id": patient_id,
                    "first_name": first,
                    "last_name": last,
                    "date_of_birth": born.isoformat(),
                    "phone": phone,
                }
            ],
        )
        return patient_id

    @staticmethod
    def _new_id(db: sqlite_utils.Database, prefix: str, table: str) -> str:
        count = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        number = int(count) + 1
        while db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [f"{prefix}-{number:04d}"]).fetchone():
            number += 1
        return f"{prefix}-{number:04d}"

    @staticmethod
    def _new_reference(db: sqlite_utils.Database) -> str:
        number = 10000 + int(db.execute("SELECT COUNT(*) FROM sandbox_appointments").fetchone()[0]) * 7 % 90000
        while db.execute("SELECT 1 FROM sandbox_appointments WHERE reference = ?", [str(number)]).fetchone():
            number = 10000 + (number - 10000 + 1) % 90000
        return str(number)
