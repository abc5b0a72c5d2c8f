"""The embedded demo clinic as a BookingBackend: real holds, in-place moves, repeating series.

It behaves like the strictest vendor we support (holds that lapse, slots taken
by someone else, idempotent writes), so the engine is exercised against the
same failures in the demo as in production. Never logs patient data.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.backends.errors import AppointmentNotFound, HoldExpired, InvalidRequest, SlotTaken
from bot.backends.sandbox.schema import SandboxDb
from bot.backends.sandbox.slots import (
    SEARCH_DAYS,
    Hours,
    OpeningHours,
    fits_opening_hours,
    from_utc_text,
    grid_starts,
    overlaps,
    to_utc_text,
)
from bot.domain import (
    Appointment,
    AppointmentStatus,
    BackendStatus,
    CancelReason,
    Capabilities,
    Clock,
    Hold,
    Location,
    Patient,
    PatientKey,
    PatientQuery,
    Practitioner,
    Service,
    Slot,
    Window,
    system_clock,
)

CAPABILITIES = Capabilities(
    lookup_keys=frozenset({PatientKey.NAME, PatientKey.DATE_OF_BIRTH, PatientKey.PHONE, PatientKey.BOOKING_REF}),
    holds_slots=True,
    records_cancel_reason=True,
    reschedule_in_place=True,
    cancels_repeats=True,
)

_APPOINTMENTS_SQL = """
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

_PAST = "That time has already passed."
_CLOSED = "That time is outside the clinic's opening hours."


def name_words(text: str) -> list[str]:
    """Lower case, accents and apostrophes dropped, any other punctuation a space: 'O'Brien, José' -> obrien jose."""
    return list(_name_words(text))


@functools.lru_cache(maxsize=4096)
def _name_words(text: str) -> tuple[str, ...]:
    """Cached: every search compares the query with every booked patient's name."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"['’`]", "", plain)
    return tuple(re.sub(r"[^\w]+", " ", plain).split())


def name_matches(query: str, first: str, last: str) -> bool:
    """Full name in either order, or one word that is the first or the last name ("lopez")."""
    asked, first_words, last_words = name_words(query), name_words(first), name_words(last)
    if not asked:
        return False
    if len(asked) == 1:
        return asked[0] in first_words or asked[0] in last_words or asked == first_words + last_words
    return asked == first_words + last_words or sorted(asked) == sorted(first_words + last_words)


def phone_digits(text: str) -> str:
    return re.sub(r"\D", "", text)[-10:]


def phone_matches(query: str, stored: str | None) -> bool:
    """Formatting ignored; the last 10 digits compared (a country code or missing area code still matches)."""
    asked = phone_digits(query)
    return stored is not None and len(asked) >= 7 and phone_digits(stored).endswith(asked)


def reference_matches(query: str, stored: str) -> bool:
    return query.strip().lstrip("#").strip().upper() == stored.upper()


@dataclass(frozen=True)
class DiaryEntry:
    appointment: Appointment
    cancel_reason: str | None = None
    cancel_note: str | None = None


class SandboxBackend:
    """The demo clinic in the bot's SQLite file. `clock` decides when a hold has lapsed at confirm time."""

    name = "Demo clinic (sandbox)"
    capabilities = CAPABILITIES

    def __init__(self, db_path: Path, *, hold_minutes: int = 15, clock: Clock = system_clock) -> None:
        self.db = SandboxDb(db_path)
        self.hold_minutes = hold_minutes
        self.clock = clock

    # -- reading -------------------------------------------------------------------------
    def _rows(self, db: sqlite_utils.Database, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        sql = _APPOINTMENTS_SQL + (f" WHERE {where}" if where else "") + " ORDER BY a.start_utc, a.id"
        return list(db.query(sql, list(params)))

    def _row(self, db: sqlite_utils.Database, appointment_id: str) -> dict[str, Any]:
        rows = self._rows(db, "a.id = ?", [appointment_id])
        if not rows:
            raise AppointmentNotFound()
        return rows[0]

    @staticmethod
    def _appointment(row: dict[str, Any]) -> Appointment:
        zone = ZoneInfo(row["timezone"])
        born = row["date_of_birth"]
        return Appointment(
            id=row["id"],
            patient=Patient(
                id=row["patient_id"],
                name=f"{row['first_name']} {row['last_name']}",
                date_of_birth=date.fromisoformat(born) if born else None,
                phone=row["phone"],
            ),
            start=from_utc_text(row["start_utc"]).astimezone(zone),
            end=from_utc_text(row["end_utc"]).astimezone(zone),
            location=Location(id=row["location_id"], name=row["location_name"], timezone=row["timezone"]),
            service=Service(id=row["service_id"], name=row["service_name"], duration_minutes=row["duration_minutes"]),
            practitioner=Practitioner(id=row["practitioner_id"], name=row["practitioner_name"]),
            status=AppointmentStatus(row["status"]),
            reference=row["reference"],
            repeats=row["series_id"] is not None,
        )

    @staticmethod
    def _matches(query: PatientQuery, row: dict[str, Any]) -> bool:
        if query.name and not name_matches(query.name, row["first_name"], row["last_name"]):
            return False
        if query.date_of_birth and row["date_of_birth"] != query.date_of_birth.isoformat():
            return False
        if query.phone and not phone_matches(query.phone, row["phone"]):
            return False
        return not (query.booking_ref and not reference_matches(query.booking_ref, row["reference"]))

    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        if not query.given() & self.capabilities.lookup_keys:
            return []
        rows = self._rows(self.db.db(), "a.status = 'booked' AND a.end_utc > ?", [to_utc_text(now)])
        found = [self._appointment(row) for row in rows if self._matches(query, row)]
        if around is not None:
            found = [appointment for appointment in found if around.contains(appointment.start)]
        return found

    def get_appointment(self, appointment_id: str) -> Appointment:
        return self._appointment(self._row(self.db.db(), appointment_id))

    def diary(self) -> list[DiaryEntry]:
        """Every appointment, any status, by start, with why it was cancelled: the admin's listing."""
        return [
            DiaryEntry(self._appointment(row), row["cancel_reason"], row["cancel_note"])
            for row in self._rows(self.db.db())
        ]

    # -- the diary -----------------------------------------------------------------------
    @staticmethod
    def _hours(db: sqlite_utils.Database, location_id: str) -> OpeningHours:
        return {
            row["weekday"]: Hours(time.fromisoformat(row["opens"]), time.fromisoformat(row["closes"]))
            for row in db.query("SELECT * FROM sandbox_hours WHERE location_id = ?", [location_id])
        }

    def _fits(self, db: sqlite_utils.Database, row: dict[str, Any], start: datetime, end: datetime) -> bool:
        return fits_opening_hours(start, end, self._hours(db, row["location_id"]), ZoneInfo(row["timezone"]))

    @staticmethod
    def _busy(
        db: sqlite_utils.Database,
        practitioner_id: str,
        start: datetime,
        end: datetime,
        *,
        now: datetime,
        moving: str | None,
    ) -> list[tuple[datetime, datetime, str]]:
        """Booked visits and live holds of the practitioner touching [start, end), except those of `moving`."""
        params = [practitioner_id, to_utc_text(end), to_utc_text(start), moving or ""]
        booked = db.execute(
            "SELECT start_utc, end_utc FROM sandbox_appointments WHERE practitioner_id = ? AND status = 'booked' "
            "AND start_utc < ? AND end_utc > ? AND id != ?",
            params,
        ).fetchall()
        held = db.execute(
            "SELECT start_utc, end_utc FROM sandbox_holds WHERE practitioner_id = ? AND start_utc < ? AND end_utc > ? "
            "AND appointment_id != ? AND expires_utc > ?",
            [*params, to_utc_text(now)],
        ).fetchall()
        return [(from_utc_text(s), from_utc_text(e), "booked") for s, e in booked] + [
            (from_utc_text(s), from_utc_text(e), "held") for s, e in held
        ]

    def open_slots(self, appointment: Appointment, window: Window, *, now: datetime, limit: int) -> list[Slot]:
        db = self.db.db()
        row = self._row(db, appointment.id)
        zone = ZoneInfo(row["timezone"])
        duration = timedelta(minutes=row["duration_minutes"])
        current = from_utc_text(row["start_utc"])
        now = now.astimezone(UTC)
        first = max(window.start.astimezone(UTC), now)
        last = window.end.astimezone(UTC) if window.end is not None else first + timedelta(days=SEARCH_DAYS)
        if last < first:
            return []
        busy = self._busy(db, row["practitioner_id"], first, last + duration, now=now, moving=appointment.id)
        hours = self._hours(db, row["location_id"])
        slots: list[Slot] = []
        first_day = first.astimezone(zone).date()
        for start in grid_starts(first_day, last.astimezone(zone).date(), hours, zone, duration):
            if len(slots) >= limit or (window.end is None and start >= last):
                break
            end = start + duration
            if start < now or start == current or not window.contains(start):
                continue
            if any(overlaps(start, end, b_start, b_end) for b_start, b_end, _ in busy):
                continue
            slots.append(
                Slot(
                    start=start.astimezone(zone),
                    end=end.astimezone(zone),
                    location_id=row["location_id"],
                    practitioner_id=row["practitioner_id"],
                    key=f"{to_utc_text(start)}|{row['practitioner_id']}",
                )
            )
        return slots

    def _check_free(
        self,
        db: sqlite_utils.Database,
        row: dict[str, Any],
        start: datetime,
        end: datetime,
        *,
        now: datetime,
        practitioner_id: str,
    ) -> str | None:
        """None when the time can be given to this appointment, else "booked" or "held"."""
        busy = self._busy(db, practitioner_id, start, end, now=now, moving=row["id"])
        kinds = {kind for b_start, b_end, kind in busy if overlaps(start, end, b_start, b_end)}
        return "booked" if "booked" in kinds else ("held" if kinds else None)

    def _validate_slot(self, row: dict[str, Any], slot: Slot) -> str:
        """The practitioner the slot is for; refuse a slot at another location or off the opening hours."""
        if slot.location_id != row["location_id"]:
            raise InvalidRequest("That time is at another location than the appointment.")
        practitioner_id = slot.practitioner_id or row["practitioner_id"]
        if practitioner_id != row["practitioner_id"]:
            raise InvalidRequest("That time is with another practitioner than the appointment.")
        if slot.end.astimezone(UTC) - slot.start.astimezone(UTC) != timedelta(minutes=row["duration_minutes"]):
            raise InvalidRequest("That time does not fit the appointment's length.")
        return practitioner_id

    # -- holds ---------------------------------------------------------------------------
    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        now = now.astimezone(UTC)
        start, end = slot.start.astimezone(UTC), slot.end.astimezone(UTC)
        expires = now + timedelta(minutes=self.hold_minutes)
        with self.db.transaction() as db:
            row = self._row(db, appointment.id)
            if row["status"] != AppointmentStatus.BOOKED:
                raise AppointmentNotFound("That appointment has been cancelled in the booking system.")
            practitioner_id = self._validate_slot(row, slot)
            if start < now:
                raise SlotTaken(_PAST)
            if not self._fits(db, row, start, end):
                raise InvalidRequest(_CLOSED)
            if self._check_free(db, row, start, end, now=now, practitioner_id=practitioner_id):
                raise SlotTaken()
            # Each hold stands alone, even for the same appointment: when two clicks race, the loser's hold is
            # released and the winner's must survive. The engine gives a previous hold back itself.
            hold_id = f"hold-{uuid.uuid4().hex}"
            db.table("sandbox_holds").insert(
                {
                    "id": hold_id,
                    "appointment_id": row["id"],
                    "practitioner_id": practitioner_id,
                    "location_id": row["location_id"],
                    "start_utc": to_utc_text(start),
                    "end_utc": to_utc_text(end),
                    "expires_utc": to_utc_text(expires),
                }
            )
        return Hold(id=hold_id, slot=slot, expires_at=expires)

    def release(self, hold: Hold) -> None:
        if not hold.id:
            return
        with self.db.transaction() as db:
            db.execute("DELETE FROM sandbox_holds WHERE id = ?", [hold.id])

    # -- writes ----------------------------------------------------------------------------
    @staticmethod
    def _applied(db: sqlite_utils.Database, key: str) -> str | None:
        found = db.execute("SELECT appointment_id FROM sandbox_applied_keys WHERE key = ?", [key]).fetchone()
        return None if found is None else str(found[0])

    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        now = self.clock().astimezone(UTC)
        with self.db.transaction() as db:
            applied = self._applied(db, idempotency_key)
            if applied is not None:
                return self._appointment(self._row(db, applied))
            row = self._row(db, appointment.id)
            if row["status"] != AppointmentStatus.BOOKED:
                raise AppointmentNotFound("That appointment has been cancelled in the booking system.")
            practitioner_id = self._validate_slot(row, hold.slot)
            held = db.execute(
                "SELECT 1 FROM sandbox_holds WHERE id = ? AND appointment_id = ? AND expires_utc > ?",
                [hold.id, row["id"], to_utc_text(now)],
            ).fetchone()
            start, end = hold.slot.start.astimezone(UTC), hold.slot.end.astimezone(UTC)
            if start < now:
                raise (HoldExpired if hold.is_real else SlotTaken)(_PAST)
            taken = self._check_free(db, row, start, end, now=now, practitioner_id=practitioner_id)
            if taken and held is None and hold.is_real:
                raise HoldExpired("The hold on that time ran out and someone else has taken it meanwhile.")
            if taken:
                raise SlotTaken()
            if held is None and not self._fits(db, row, start, end):
                raise InvalidRequest(_CLOSED)
            db.execute(
                "UPDATE sandbox_appointments SET start_utc = ?, end_utc = ?, practitioner_id = ? WHERE id = ?",
                [to_utc_text(start), to_utc_text(end), practitioner_id, row["id"]],
            )
            db.execute("DELETE FROM sandbox_holds WHERE appointment_id = ?", [row["id"]])
            db.table("sandbox_applied_keys").insert(
                {"key": idempotency_key, "appointment_id": row["id"], "action": "reschedule"}
            )
            return self._appointment(self._row(db, row["id"]))

    def cancel(
        self,
        appointment: Appointment,
        *,
        reason: CancelReason | None,
        note: str | None,
        apply_to_repeats: bool,
        idempotency_key: str,
    ) -> list[Appointment]:
        """Every appointment the cancel changed (the protocol's shape; series listing comes with the adapter work)."""
        return [
            self._cancel_one(
                appointment,
                reason=reason,
                note=note,
                apply_to_repeats=apply_to_repeats,
                idempotency_key=idempotency_key,
            )
        ]

    def later_repeats(self, appointment: Appointment, *, now: datetime) -> list[Appointment]:
        """Not listed yet by this adapter: the confirm card then names only the chosen appointment."""
        return []

    def near_matches(self, query: PatientQuery, *, now: datetime, limit: int) -> list[Appointment]:
        """No near matches from this adapter yet."""
        return []

    def _cancel_one(
        self,
        appointment: Appointment,
        *,
        reason: CancelReason | None,
        note: str | None,
        apply_to_repeats: bool,
        idempotency_key: str,
    ) -> Appointment:
        with self.db.transaction() as db:
            row = self._row(db, appointment.id)
            if row["status"] == AppointmentStatus.BOOKED:
                db.execute(
                    "UPDATE sandbox_appointments SET status = 'cancelled', cancel_reason = ?, cancel_note = ? "
                    "WHERE id = ?",
                    [reason.value if reason else None, note, row["id"]],
                )
                if apply_to_repeats and row["series_id"] is not None:
                    db.execute(
                        "UPDATE sandbox_appointments SET status = 'cancelled', cancel_reason = ?, cancel_note = ? "
                        "WHERE series_id = ? AND status = 'booked' AND start_utc > ?",
                        [reason.value if reason else None, note, row["series_id"], row["start_utc"]],
                    )
                db.execute("DELETE FROM sandbox_holds WHERE appointment_id = ?", [row["id"]])
            db.execute(
                "INSERT OR IGNORE INTO sandbox_applied_keys (key, appointment_id, action) VALUES (?, ?, 'cancel')",
                [idempotency_key, row["id"]],
            )
            return self._appointment(self._row(db, row["id"]))

    # -- admin ---------------------------------------------------------------------------
    def check(self) -> BackendStatus:
        db = self.db.db()
        locations = tuple(
            f"{name} ({zone})" for name, zone in db.execute("SELECT name, timezone FROM sandbox_locations ORDER BY id")
        )
        upcoming = db.execute(
            "SELECT COUNT(*) FROM sandbox_appointments WHERE status = 'booked' AND end_utc > ?",
            [to_utc_text(self.clock())],
        ).fetchone()[0]
        return BackendStatus(
            backend="sandbox",
            account="Demo clinic",
            locations=locations,
            upcoming_appointments=int(upcoming),
            detail="" if locations else "The demo clinic is empty: run `clinic-bot sandbox seed`.",
        )

    def close(self) -> None:
        self.db.close()


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
    exact = [row for row in rows if text in (row["id"].lower(), row["name"].lower())]
    partial = [row for row in rows if text in row["name"].lower()]
    for found in (exact, partial):
        if len(found) == 1:
            return found[0]
    names = ", ".join(row["name"] for row in rows)
    raise InvalidRequest(f"No single {what} matches {wanted!r} (there are: {names}).")


class SandboxAdmin:
    """What the demo's admin may do that staff may not through the bot: book new appointments."""

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
            what = _pick(sorted(services, key=lambda row: row["duration_minutes"] != 30), service, "service")
            zone = ZoneInfo(where["timezone"])
            begins = (start.replace(tzinfo=zone) if start.tzinfo is None else start).astimezone(UTC)
            ends = begins + timedelta(minutes=what["duration_minutes"])
            row = {"id": "", "location_id": where["id"], "timezone": where["timezone"]}
            if not self.backend._fits(db, row, begins, ends):
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
                    if not self.backend._busy(db, candidate["id"], begins, ends, now=now, moving=None)
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
            return self.backend._appointment(self.backend._row(db, appointment_id))

    @classmethod
    def _patient(cls, db: sqlite_utils.Database, first: str, last: str, born: date, phone: str) -> str:
        for row in db.query("SELECT * FROM sandbox_patients WHERE date_of_birth = ?", [born.isoformat()]):
            if name_words(f"{row['first_name']} {row['last_name']}") == name_words(f"{first} {last}"):
                return str(row["id"])
        patient_id = cls._new_id(db, "pat", "sandbox_patients")
        db.table("sandbox_patients").insert(
            {
                "id": patient_id,
                "first_name": first,
                "last_name": last,
                "date_of_birth": born.isoformat(),
                "phone": phone,
            }
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
