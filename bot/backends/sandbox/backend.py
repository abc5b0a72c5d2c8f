"""The embedded demo clinic as a BookingBackend: real holds, in-place moves, repeating series.

It behaves like the strictest vendor we support (holds that lapse, slots taken
by someone else, idempotent and conditional writes), so the engine is exercised
against the same failures in the demo as in production. Never logs patient data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.backends.sandbox import writes
from bot.backends.sandbox.admin import SandboxAdmin
from bot.backends.sandbox.availability import busy, opening_hours
from bot.backends.sandbox.near import near_rows
from bot.backends.sandbox.reading import (
    later_in_series,
    row,
    row_or_none,
    rows,
    to_appointment,
    upcoming_of_patients,
)
from bot.backends.sandbox.schema import SandboxDb
from bot.backends.sandbox.slots import SEARCH_DAYS, from_utc_text, grid_starts, overlaps, to_utc_text
from bot.domain import (
    Appointment,
    AppointmentStatus,
    BackendStatus,
    Cancellation,
    Capabilities,
    Clock,
    Hold,
    PatientKey,
    PatientQuery,
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
    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        """Indexed: the patients are found by their keys first, then their upcoming bookings."""
        if not query.given() & self.capabilities.lookup_keys:
            return []
        found = [to_appointment(item) for item in upcoming_of_patients(self.db.db(), query, now=now)]
        if around is not None:
            found = [appointment for appointment in found if around.contains(appointment.start)]
        return found

    def get_appointment(self, appointment_id: str) -> Appointment:
        return to_appointment(row(self.db.db(), appointment_id))

    def diary(self) -> list[DiaryEntry]:
        """Every appointment, any status, by start, with why it was cancelled: the admin's listing."""
        return [
            DiaryEntry(to_appointment(item), item["cancel_reason"], item["cancel_note"]) for item in rows(self.db.db())
        ]

    def later_repeats(self, appointment: Appointment, *, now: datetime) -> list[Appointment]:
        """The booked occurrences of its series after it; [] when it is not booked (a cancel would take none).

        `now` is not needed: what follows an upcoming appointment is upcoming.
        """
        db = self.db.db()
        chosen = row_or_none(db, appointment.id)
        if chosen is None or chosen["series_id"] is None or chosen["status"] != AppointmentStatus.BOOKED:
            return []
        return [to_appointment(item) for item in later_in_series(db, chosen)]

    def near_matches(self, query: PatientQuery, *, now: datetime, limit: int) -> list[Appointment]:
        """Patients whose name is close to the one typed (and who match every other key given), best first.

        Each comes with their next upcoming booking; a patient with none is
        passed over, since there is nothing to act on.
        """
        if not query.name or limit <= 0:
            return []
        return [to_appointment(item) for item in near_rows(self.db.db(), query, now=now, limit=limit)]

    # -- the diary -----------------------------------------------------------------------
    def open_slots(self, appointment: Appointment, window: Window, *, now: datetime, limit: int) -> list[Slot]:
        db = self.db.db()
        item = row(db, appointment.id)
        zone = ZoneInfo(item["timezone"])
        duration = timedelta(minutes=item["duration_minutes"])
        current = from_utc_text(item["start_utc"])
        now = now.astimezone(UTC)
        first = max(window.start.astimezone(UTC), now)
        last = window.end.astimezone(UTC) if window.end is not None else first + timedelta(days=SEARCH_DAYS)
        if last < first:
            return []
        taken = busy(
            db,
            item["practitioner_id"],
            first,
            last + duration,
            now=now,
            moving=appointment.id,
            patient_id=item["patient_id"],
        )
        hours = opening_hours(db, item["location_id"])
        slots: list[Slot] = []
        first_day = first.astimezone(zone).date()
        for start in grid_starts(first_day, last.astimezone(zone).date(), hours, zone, duration):
            if len(slots) >= limit or (window.end is None and start >= last):
                break
            end = start + duration
            if start < now or start == current or not window.contains(start):
                continue
            if any(overlaps(start, end, b_start, b_end) for b_start, b_end, _ in taken):
                continue
            slots.append(
                Slot(
                    start=start.astimezone(zone),
                    end=end.astimezone(zone),
                    location_id=item["location_id"],
                    practitioner_id=item["practitioner_id"],
                    key=f"{to_utc_text(start)}|{item['practitioner_id']}",
                )
            )
        return slots

    # -- holds ---------------------------------------------------------------------------
    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        expires = now.astimezone(UTC) + timedelta(minutes=self.hold_minutes)
        with self.db.transaction() as db:
            hold_id = writes.hold(db, appointment, slot, now=now, expires=expires)
        return Hold(id=hold_id, slot=slot, expires_at=expires)

    def release(self, hold: Hold) -> None:
        if not hold.id:
            return
        with self.db.transaction() as db:
            db.execute("DELETE FROM sandbox_holds WHERE id = ?", [hold.id])

    # -- writes ----------------------------------------------------------------------------
    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        """Conditional: only while the appointment is booked and still starts at `appointment.start`.

        Otherwise `AppointmentChanged` with the appointment as it now is, and
        nothing written. One `UPDATE ... WHERE start_utc = <old> AND status =
        'booked'` makes the move, so of two desks confirming different times
        for one appointment at once, exactly one moves it.
        """
        now = self.clock().astimezone(UTC)
        with self.db.transaction() as db:
            return to_appointment(writes.reschedule(db, appointment, hold, idempotency_key=idempotency_key, now=now))

    def cancel(
        self, appointment: Appointment, cancellation: Cancellation, *, idempotency_key: str
    ) -> list[Appointment]:
        """The chosen one first, then (with `apply_to_repeats`) each later booked occurrence of its series.

        Conditional like `reschedule`; one that someone else already
        cancelled is returned as cancelled, and nothing else is touched.
        """
        with self.db.transaction() as db:
            changed = writes.cancel(
                db,
                appointment,
                reason=cancellation.reason.value if cancellation.reason else None,
                note=cancellation.note,
                apply_to_repeats=cancellation.apply_to_repeats,
                idempotency_key=idempotency_key,
            )
            return [to_appointment(item) for item in changed]

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


__all__ = ["CAPABILITIES", "DiaryEntry", "SandboxAdmin", "SandboxBackend"]
