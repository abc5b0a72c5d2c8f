"""The demo clinic's tables, kept in the bot's own SQLite file under a `sandbox_` prefix.

Why the same file: the demo needs nothing but `CLINIC_BOT_DB`. Why the prefix:
bot/store.py owns every other table in that file, and the two never touch each
other's rows. Like the store: WAL and one connection per thread, because Bolt
runs listeners in a thread pool.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

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


class SandboxDb:
    """Thread-local connections to the sandbox tables; the schema is created on first use."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.transaction() as db:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)

    def db(self) -> sqlite_utils.Database:
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is None:
            connection = sqlite3.connect(str(self.path), timeout=15, isolation_level=None, check_same_thread=True)
            connection.execute("PRAGMA busy_timeout = 15000")
            connection.execute("PRAGMA synchronous = NORMAL")
            db = sqlite_utils.Database(connection)
            db.enable_wal()
            self._local.db = db
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """BEGIN IMMEDIATE: check-then-write (is the slot free? then hold it) cannot interleave."""
        db = self.db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None
