"""The demo clinic's tables, kept in the bot's own SQLite file under a `sandbox_` prefix.

Why the same file: the demo needs nothing but `CLINIC_BOT_DB`. Why the prefix:
bot/store owns every other table in that file, and the two never touch each
other's rows. Like the store: WAL and one connection per thread, because Bolt
runs listeners in a thread pool.

Upgrades happen on open: a file made by an older version (no search keys, no
word table) gets the new columns, tables and indexes, and its patients their
keys, in one transaction. The sandbox does not use `PRAGMA user_version`
(the store owns the file's version); each step checks what is there instead,
so opening twice, or from two processes at once, is harmless.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from bot.backends.sandbox.connection import ThreadLocalDatabase
from bot.backends.sandbox.keys import backfill

TABLES = (
    "sandbox_locations",
    "sandbox_hours",
    "sandbox_practitioners",
    "sandbox_services",
    "sandbox_patients",
    "sandbox_patient_words",
    "sandbox_patient_near_words",
    "sandbox_appointments",
    "sandbox_holds",
    "sandbox_applied_keys",
)

_TABLES_SQL = """
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
    phone TEXT,
    name_key TEXT,                     -- keys.name_key: the name's words, sorted
    phone_key TEXT                     -- keys.phone_key: the last ten digits, reversed
);
CREATE TABLE IF NOT EXISTS sandbox_patient_words (
    word TEXT NOT NULL,                -- each word of the patient's full name, as keys.name_words
    patient_id TEXT NOT NULL,
    PRIMARY KEY (word, patient_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sandbox_patient_near_words (
    word TEXT NOT NULL,                -- each word of the full name as near_names.normalise splits it
    patient_id TEXT NOT NULL,
    PRIMARY KEY (word, patient_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sandbox_appointments (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL,
    location_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    practitioner_id TEXT NOT NULL,
    start_utc TEXT NOT NULL,           -- UTC ISO strings sort as text
    end_utc TEXT NOT NULL,             -- always start + the service's length
    status TEXT NOT NULL,
    reference TEXT NOT NULL UNIQUE,
    series_id TEXT,
    cancel_reason TEXT,
    cancel_note TEXT
);
CREATE TABLE IF NOT EXISTS sandbox_holds (
    id TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL,
    practitioner_id TEXT NOT NULL,
    location_id TEXT NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    expires_utc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sandbox_applied_keys (
    key TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL,
    action TEXT NOT NULL,
    repeat_ids TEXT                    -- a series cancel: the later occurrences it cancelled, space-separated
);
"""

_ADDED_COLUMNS = {
    "sandbox_patients": ("name_key TEXT", "phone_key TEXT"),
    "sandbox_applied_keys": ("repeat_ids TEXT",),
}
"""Columns a file made before them lacks (ALTER TABLE adds them at the end, as the CREATE above has them)."""

_INDEXES_SQL = """
CREATE INDEX IF NOT EXISTS sandbox_appointments_practitioner ON sandbox_appointments (practitioner_id, start_utc);
CREATE INDEX IF NOT EXISTS sandbox_appointments_patient ON sandbox_appointments (patient_id);
CREATE INDEX IF NOT EXISTS sandbox_appointments_series ON sandbox_appointments (series_id, start_utc)
    WHERE series_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS sandbox_appointments_reference ON sandbox_appointments (reference COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS sandbox_patients_name ON sandbox_patients (name_key);
CREATE INDEX IF NOT EXISTS sandbox_patients_born ON sandbox_patients (date_of_birth);
CREATE INDEX IF NOT EXISTS sandbox_patients_phone ON sandbox_patients (phone_key);
CREATE INDEX IF NOT EXISTS sandbox_holds_practitioner ON sandbox_holds (practitioner_id, start_utc);
"""


def _statements(script: str) -> list[str]:
    return [statement for statement in script.split(";") if statement.strip()]


def upgrade(db: sqlite_utils.Database) -> None:
    """Bring the sandbox tables of any earlier layout to this one (inside the caller's transaction)."""
    for statement in _statements(_TABLES_SQL):
        db.execute(statement)
    for table, columns in _ADDED_COLUMNS.items():
        present = {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}
        for column in columns:
            if column.split()[0] not in present:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
    for statement in _statements(_INDEXES_SQL):
        db.execute(statement)
    backfill(db)


class SandboxDb(ThreadLocalDatabase):
    """The sandbox tables in the bot's database file; created or upgraded on open."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        with self.transaction() as db:
            upgrade(db)
