"""The demo clinic's tables, kept in the bot's own SQLite file under a `sandbox_` prefix.

Why the same file: the demo needs nothing but `CLINIC_BOT_DB`. Why the prefix:
bot/store.py owns every other table in that file, and the two never touch each
other's rows. Like the store: WAL and one connection per thread, because Bolt
runs listeners in a thread pool.
"""

from __future__ import annotations

from pathlib import Path

from bot.backends.sandbox.connection import ThreadLocalDatabase

TABLES = (
    "sandbox_locations",
    "sandbox_hours",
    "sandbox_practitioners",
    "sandbox_services",
    "sandbox_patients",
    "sandbox_appointments",
    "sandbox_holds",
    "sandbox_applied_keys",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sandbox_locations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sandbox_hours (
    location_id TEXT NOT NULL,
    weekday INTEGER NOT NULL,          -- Monday = 0, as date.weekday()
    opens TEXT NOT NULL,               -- local wall time, HH:MM
    closes TEXT NOT NULL,
    PRIMARY KEY (location_id, weekday)
);
CREATE TABLE IF NOT EXISTS sandbox_practitioners (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    location_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sandbox_services (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sandbox_patients (
    id TEXT PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    date_of_birth TEXT,
    phone TEXT
);
CREATE TABLE IF NOT EXISTS sandbox_appointments (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL,
    location_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    practitioner_id TEXT NOT NULL,
    start_utc TEXT NOT NULL,           -- UTC ISO strings sort as text
    end_utc TEXT NOT NULL,
    status TEXT NOT NULL,
    reference TEXT NOT NULL UNIQUE,
    series_id TEXT,
    cancel_reason TEXT,
    cancel_note TEXT
);
CREATE INDEX IF NOT EXISTS sandbox_appointments_practitioner ON sandbox_appointments (practitioner_id, start_utc);
CREATE INDEX IF NOT EXISTS sandbox_appointments_patient ON sandbox_appointments (patient_id);
CREATE TABLE IF NOT EXISTS sandbox_holds (
    id TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL,
    practitioner_id TEXT NOT NULL,
    location_id TEXT NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    expires_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sandbox_holds_practitioner ON sandbox_holds (practitioner_id, start_utc);
CREATE TABLE IF NOT EXISTS sandbox_applied_keys (
    key TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL,
    action TEXT NOT NULL
);
"""


class SandboxDb(ThreadLocalDatabase):
    """The sandbox tables in the bot's database file; the schema is created on first use."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        with self.transaction() as db:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
