"""A consistent copy of a running SQLite store, made with SQLite's online backup API.

Why the backup API rather than copying the file: the bot may be writing (and
the WAL holds the latest rows); the API copies a consistent snapshot a few
pages at a time, so the bot is never held up for long. The copy holds patient
data: it is created private (0600, its folder 0700 when made), and an existing
file is never overwritten.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from bot.store.files import prepare_private_file
from bot.store.protocol import StorageError
from bot.store.sqlite_connection import describe

PAGES_PER_STEP = 256


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy the database at `source` to a new file `target`; its size in bytes."""
    if not source.is_file():
        raise StorageError(f"there is no database at {source}")
    if target.exists():
        raise StorageError(f"{target} already exists: choose a new file name")
    prepare_private_file(target)
    try:
        reading = sqlite3.connect(f"file:{quote(str(source.resolve()))}?mode=ro", uri=True)
        writing = sqlite3.connect(target)
        try:
            reading.backup(writing, pages=PAGES_PER_STEP, sleep=0.001)
            writing.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            writing.close()
            reading.close()
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise StorageError(describe(error)) from None
    return target.stat().st_size
