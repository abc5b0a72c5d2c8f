"""The demo clinic's SQLite file: one connection per thread, in WAL mode.

The sandbox is a stand-in booking system, so it opens its file itself (a
backend never reaches into the bot's store, whose connections also handle
permissions, failing disks and PostgreSQL).

Bolt runs listeners on a thread pool and a sqlite3 connection must not be
shared across threads, so each thread opens its own; WAL lets readers go on
while one writer commits, and `transaction()` takes the write lock up front
(BEGIN IMMEDIATE) so a check-then-write can never interleave with another;
writers of this process queue on the file's lock first (bot.sqlite_writers).

The file holds patient names, birth dates and phones: when the sandbox is the
first to create it (`clinic-bot sandbox appointments` on a new path), it is
created readable by its owner only (0600, in a new folder 0700) whatever the
umask; SQLite gives its -wal and -shm files the same mode.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from bot.backends.errors import BackendUnavailable
from bot.sqlite_writers import writable, writer_for

BUSY_TIMEOUT_SECONDS = 15
BUSY = "The demo clinic is busy right now. Nothing was changed; please try again in a minute."
UNWRITABLE = "The demo clinic's file is read-only right now. Nothing was changed; please try again in a minute."


def create_private(path: Path) -> None:
    """Make the folders and the empty file owner-only when they do not exist yet; leave existing ones alone."""
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        os.chmod(folder, 0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)
    os.chmod(path, 0o600)


class ThreadLocalDatabase:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._on_disk = str(self.path) != ":memory:"
        if self._on_disk:
            create_private(self.path)
        self._writer = writer_for(self.path)
        """Shared with the bot's store when both live in one file: see bot.sqlite_writers."""

    def db(self) -> sqlite_utils.Database:
        """This thread's connection; BackendUnavailable while the file cannot be written (see bot.sqlite_writers)."""
        if self._on_disk and not writable(self.path):
            raise BackendUnavailable(UNWRITABLE)
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is None:
            connection = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
            connection.execute("PRAGMA synchronous = NORMAL")
            db = sqlite_utils.Database(connection)
            db.enable_wal()
            self._local.db = db
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        db = self.db()
        try:
            self._writer.acquire(timeout=BUSY_TIMEOUT_SECONDS)
        except TimeoutError:
            raise BackendUnavailable(BUSY) from None
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            self._writer.release()

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None
