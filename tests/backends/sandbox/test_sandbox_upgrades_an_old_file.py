"""A database made before the search keys keeps working after an upgrade: opened, it is upgraded in place."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bot.backends.sandbox import SandboxBackend, seed
from bot.domain import Cancellation, PatientQuery
from bot.store import AuditEntry
from bot.store.sqlite import SQLiteStore as Store
from tests.backends.sandbox.support import NOW, TODAY

OLD_LAYOUT = """
CREATE TABLE sandbox_locations (id TEXT PRIMARY KEY, name TEXT NOT NULL, timezone TEXT NOT NULL);
CREATE TABLE sandbox_hours (
    location_id TEXT NOT NULL, weekday INTEGER NOT NULL, opens TEXT NOT NULL, closes TEXT NOT NULL,
    PRIMARY KEY (location_id, weekday)
);
CREATE TABLE sandbox_practitioners (id TEXT PRIMARY KEY, name TEXT NOT NULL, location_id TEXT NOT NULL);
CREATE TABLE sandbox_services (id TEXT PRIMARY KEY, name TEXT NOT NULL, duration_minutes INTEGER NOT NULL);
CREATE TABLE sandbox_patients (
    id TEXT PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL, date_of_birth TEXT, phone TEXT
);
CREATE TABLE sandbox_appointments (
    id TEXT PRIMARY KEY, patient_id TEXT NOT NULL, location_id TEXT NOT NULL, service_id TEXT NOT NULL,
    practitioner_id TEXT NOT NULL, start_utc TEXT NOT NULL, end_utc TEXT NOT NULL, status TEXT NOT NULL,
    reference TEXT NOT NULL UNIQUE, series_id TEXT, cancel_reason TEXT, cancel_note TEXT
);
CREATE INDEX sandbox_appointments_practitioner ON sandbox_appointments (practitioner_id, start_utc);
CREATE INDEX sandbox_appointments_patient ON sandbox_appointments (patient_id);
CREATE TABLE sandbox_holds (
    id TEXT PRIMARY KEY, appointment_id TEXT NOT NULL, practitioner_id TEXT NOT NULL, location_id TEXT NOT NULL,
    start_utc TEXT NOT NULL, end_utc TEXT NOT NULL, expires_utc TEXT NOT NULL
);
CREATE INDEX sandbox_holds_practitioner ON sandbox_holds (practitioner_id, start_utc);
CREATE TABLE sandbox_applied_keys (key TEXT PRIMARY KEY, appointment_id TEXT NOT NULL, action TEXT NOT NULL);
"""
"""The sandbox tables as the released version made them (bot/backends/sandbox/schema.py before the upgrade)."""

OLD_COLUMNS = {
    "sandbox_locations": "id, name, timezone",
    "sandbox_hours": "location_id, weekday, opens, closes",
    "sandbox_practitioners": "id, name, location_id",
    "sandbox_services": "id, name, duration_minutes",
    "sandbox_patients": "id, first_name, last_name, date_of_birth, phone",
    "sandbox_appointments": "id, patient_id, location_id, service_id, practitioner_id, start_utc, end_utc, "
    "status, reference, series_id, cancel_reason, cancel_note",
}


def old_file(tmp_path: Path) -> Path:
    """The demo clinic in the old layout, beside the bot's own records, with a cancel already applied."""
    fresh, old = tmp_path / "fresh.sqlite3", tmp_path / "old.sqlite3"
    seed(fresh, TODAY)
    Store(old).audit(
        AuditEntry(at=datetime(2026, 3, 4, tzinfo=UTC), slack_user="U1", backend="sandbox", action="cancel",
                   appointment_id="apt-0003", outcome="applied")
    )  # fmt: skip
    with sqlite3.connect(old) as connection:
        connection.executescript(OLD_LAYOUT)
        connection.execute("ATTACH DATABASE ? AS fresh", [str(fresh)])
        for table, columns in OLD_COLUMNS.items():
            connection.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM fresh.{table}")
        connection.execute("INSERT INTO sandbox_applied_keys VALUES ('old-key', 'apt-0003', 'cancel')")
        connection.execute("UPDATE sandbox_appointments SET status = 'cancelled' WHERE id = 'apt-0003'")
    return old


def columns(path: Path, table: str) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def test_an_old_file_is_searched_by_every_key_after_the_upgrade(tmp_path: Path) -> None:
    old = old_file(tmp_path)
    assert "name_key" not in columns(old, "sandbox_patients")
    backend = SandboxBackend(old)
    assert {"name_key", "phone_key"} <= columns(old, "sandbox_patients")
    [maria] = [item for item in backend.find_appointments(PatientQuery(name="lopez, maria"), around=None, now=NOW)
               if item.start.hour == 15]  # fmt: skip
    assert maria.patient.date_of_birth is not None and maria.patient.phone and maria.reference
    for query in (
        PatientQuery(name="maria"),
        PatientQuery(date_of_birth=maria.patient.date_of_birth),
        PatientQuery(phone=maria.patient.phone),
        PatientQuery(booking_ref=maria.reference),
    ):
        assert maria.id in {item.id for item in backend.find_appointments(query, around=None, now=NOW)}, query
    offered = backend.near_matches(PatientQuery(name="mraia lopez"), now=NOW, limit=3)
    assert maria.id in {item.id for item in offered} and len(offered) == 2


def test_the_upgrade_keeps_what_was_applied_and_the_bots_own_records(tmp_path: Path) -> None:
    old = old_file(tmp_path)
    backend = SandboxBackend(old)
    [again] = backend.cancel(
        backend.get_appointment("apt-0003"),
        Cancellation(),
        idempotency_key="old-key",
    )
    assert again.id == "apt-0003" and again.status == "cancelled"
    assert [entry.appointment_id for entry in Store(old).audit_entries()] == ["apt-0003"]


def test_an_upgraded_file_takes_series_cancels_and_the_indexes_serve_its_searches(tmp_path: Path) -> None:
    old = old_file(tmp_path)
    backend = SandboxBackend(old)
    first, *later = [e.appointment for e in backend.diary() if e.appointment.patient.name == "Robert Chen"]
    assert [item.id for item in backend.later_repeats(first, now=NOW)] == [item.id for item in later]
    changed = backend.cancel(first, Cancellation(apply_to_repeats=True), idempotency_key="c1")
    assert [item.id for item in changed] == [first.id, *(item.id for item in later)]
    with sqlite3.connect(old) as connection:
        indexes = {row[1] for row in connection.execute("SELECT type, name FROM sqlite_master WHERE type = 'index'")}
    assert {"sandbox_patients_name", "sandbox_patients_born", "sandbox_patients_phone"} <= indexes


def test_opening_an_upgraded_file_again_changes_nothing(tmp_path: Path) -> None:
    old = old_file(tmp_path)
    SandboxBackend(old).close()
    with sqlite3.connect(old) as connection:
        before = connection.execute("SELECT * FROM sandbox_patients ORDER BY id").fetchall()
        words = connection.execute("SELECT COUNT(*) FROM sandbox_patient_words").fetchone()
    SandboxBackend(old).close()
    with sqlite3.connect(old) as connection:
        assert connection.execute("SELECT * FROM sandbox_patients ORDER BY id").fetchall() == before
        assert connection.execute("SELECT COUNT(*) FROM sandbox_patient_words").fetchone() == words
