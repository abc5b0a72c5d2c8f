"""The embedded demo clinic (`BOOKING_BACKEND=sandbox`, the default): no vendor account needed.

A file with no demo clinic in it yet is seeded as of today (in `CLINIC_TZ`) the
first time anything opens it, so a bare `clinic-bot console`, `serve` or
`sandbox appointments` has appointments to work on; `clinic-bot sandbox seed`
resets it.

The file is SANDBOX_DB, else the bot's own SQLite file (`Settings.sandbox_file`):
a PostgreSQL CLINIC_BOT_DB is no file. Replicas sharing one PostgreSQL share
one sandbox file too (WAL and a busy timeout let both processes write it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.backends.errors import BackendUnavailable
from bot.backends.sandbox.admin import SandboxAdmin
from bot.backends.sandbox.backend import SandboxBackend
from bot.backends.sandbox.connection import UNWRITABLE
from bot.backends.sandbox.seed import SeedSummary, seed
from bot.config import ConfigError, Settings


def demo_file(settings: Settings) -> Path:
    """Where the demo clinic lives (ConfigError naming the setting when none is usable)."""
    return settings.sandbox_file()[0]


@contextmanager
def _explained(settings: Settings) -> Iterator[Path]:
    """The demo clinic's file; an unusable one becomes a ConfigError naming the setting that chose it."""
    path, setting = settings.sandbox_file()
    try:
        yield path
    except (OSError, sqlite3.Error, BackendUnavailable) as error:
        # The path is the admin's own setting and SQLite's reasons name no rows: no patient data here.
        if isinstance(error, BackendUnavailable):
            reason = "read-only" if error.staff_message == UNWRITABLE else "busy"
        else:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ConfigError(
            f"{setting} cannot hold the demo clinic: {path} is not a writable SQLite file ({reason}); "
            "set SANDBOX_DB to a file in a folder the bot may write"
        ) from error


def open_demo(settings: Settings) -> tuple[SandboxBackend, date | None]:
    """The demo clinic of `settings`, and the day it was seeded as when this open seeded it (None otherwise)."""
    with _explained(settings) as path:
        backend = SandboxBackend(path, hold_minutes=settings.hold_minutes)
        if backend.check().locations:
            return backend, None
        today = datetime.now(ZoneInfo(settings.clinic_timezone)).date()
        seed(path, today, settings.clinic_timezone)
    return backend, today


def seed_demo(settings: Settings, today: date) -> SeedSummary:
    """`clinic-bot sandbox seed`: the demo clinic of `settings` replaced by the demo data as of `today`."""
    with _explained(settings) as path:
        return seed(path, today, settings.clinic_timezone)


def build(settings: Settings) -> SandboxBackend:
    return open_demo(settings)[0]


__all__ = ["SandboxAdmin", "SandboxBackend", "build", "demo_file", "open_demo", "seed", "seed_demo"]
