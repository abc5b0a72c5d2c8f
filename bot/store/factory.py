"""`open_store(CLINIC_BOT_DB)`: the one place that turns the setting into a concrete store.

A `postgresql://` (or `postgres://`) URL opens PostgreSQL (psycopg 3 with a
connection pool: several replicas can share it); anything else is a SQLite
file path, the default. The concrete modules are imported here only, so
nothing that merely types against `bot.store.Store` loads a driver.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.config import ConfigError
from bot.store.protocol import Store

POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")


def is_postgresql(setting: str | os.PathLike[str]) -> bool:
    return os.fspath(setting).startswith(POSTGRESQL_SCHEMES)


def open_store(setting: str | os.PathLike[str]) -> Store:
    """The store CLINIC_BOT_DB names, migrated to the current schema (StorageError when it cannot be opened)."""
    text = os.fspath(setting)
    if is_postgresql(text):
        from bot.store.postgres import PostgreSQLStore

        return PostgreSQLStore(text)
    if "://" in text:
        raise ConfigError(
            "CLINIC_BOT_DB is invalid: use a SQLite file path (e.g. /var/lib/clinic-bot/bot.sqlite3) "
            "or a postgresql:// URL"
        )
    if not text.strip():
        raise ConfigError("CLINIC_BOT_DB is empty: use a SQLite file path or a postgresql:// URL")
    from bot.store.sqlite import SQLiteStore

    return SQLiteStore(Path(text))
