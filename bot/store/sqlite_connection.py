"""The SQLite store's connections: one per thread, WAL, and never left broken by a failing disk.

Why these choices:
- One connection per thread: Bolt runs listeners on a thread pool, and a
  sqlite3 connection must not be shared across threads. WAL lets readers go
  on while one writer commits; `transaction()` takes the write lock up front
  (BEGIN IMMEDIATE), so a check-then-write never interleaves with another.
- A connection that raised (locked, read-only, full, I/O error) is closed and
  forgotten; the thread's next call opens a fresh one. A connection opened
  while the file was read-only stays read-only for good, which is how a short
  read-only spell used to break the bot until a restart.
- Connections open the file with `mode=rw`: they never create it. Before each
  call the file at the path is compared with the one opened at start-up, so a
  deleted or replaced file makes every call raise instead of writing into a
  file nobody will read.
- Before each call the file and its -wal and -shm are checked writable (a
  file system remounted read-only, an immutable flag). SQLite maps the -shm
  file into memory and writes to it on reads and writes alike; a write to a
  mapped page the kernel can no longer write back is a SIGBUS, which kills
  the process outright. Refusing the call first turns that into "database
  is read-only" (503 on /healthz) and nothing stays broken once it clears.
- Errors leave as StorageError with the cause in words, never the driver's
  message (which may quote SQL values).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import sqlite_utils

from bot.sqlite_writers import writable, writer_for
from bot.store import observe
from bot.store.files import READ_ONLY, REPLACED, identity, prepare_private_file
from bot.store.protocol import StorageError

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 15.0
BUSY_RETRY_SECONDS = 0.0002
"""How soon `write_now` tries again when another process holds the write lock (its writes last about a ms)."""
WRITER_WAIT_SECONDS = 30.0
"""How long a thread waits for another thread of this process to finish writing: only a hung writer takes this long."""
LOCKED = "database is locked"

T = TypeVar("T")
CLOSE_WAIT_SECONDS = 10.0

_CAUSES = {
    sqlite3.SQLITE_BUSY: LOCKED,
    sqlite3.SQLITE_LOCKED: LOCKED,
    sqlite3.SQLITE_FULL: "disk is full",
    sqlite3.SQLITE_READONLY: READ_ONLY,
    sqlite3.SQLITE_IOERR: "disk I/O error",
    sqlite3.SQLITE_CANTOPEN: "database file cannot be opened",
    sqlite3.SQLITE_CORRUPT: "database file is damaged",
    sqlite3.SQLITE_NOTADB: "database file is damaged",
    sqlite3.SQLITE_PERM: "database file is not accessible",
    sqlite3.SQLITE_NOMEM: "out of memory",
}


def describe(error: sqlite3.Error) -> str:
    """The cause of a SQLite error in a few words, from its result code (never its message)."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(error, sqlite3.IntegrityError):
        return "the row already exists or breaks a constraint"
    if isinstance(code, int):
        primary = code & 0xFF
        if primary in _CAUSES:
            return _CAUSES[primary]
        return f"database error ({getattr(error, 'sqlite_errorname', primary)})"
    return f"database error ({type(error).__name__})"


@dataclass(eq=False)  # hashed by identity: kept in a set
class _Handle:
    """A thread's connection, and a lock held while it is in use (so `close()` never pulls it from under a call)."""

    db: sqlite_utils.Database
    lock: threading.Lock = field(default_factory=threading.Lock)


class SQLiteConnections:
    def __init__(
        self, path: Path, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS, writer_wait: float = WRITER_WAIT_SECONDS
    ) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.writer_wait = writer_wait
        self._local = threading.local()
        self._open: set[_Handle] = set()
        self._lock = threading.Lock()
        self._writer = writer_for(self.path)
        """Held for each write transaction, shared with any other writer to this file in the process."""
        self._replaced_logged = False
        self._identity = prepare_private_file(self.path)

    # -- connections --------------------------------------------------------------------
    @contextmanager
    def using(self, *, impatient: bool = False) -> Iterator[sqlite_utils.Database]:
        """This thread's connection (opened on first use, or after the last one was discarded).

        `impatient`: this thread's second connection, which never waits in SQLite for another process's
        write lock (busy_timeout 0; see `write_now`).
        """
        slot = "impatient" if impatient else "handle"
        handle: _Handle | None = getattr(self._local, slot, None)
        if handle is None:
            handle = _Handle(self._connect(0.0 if impatient else self.busy_timeout))
            with self._lock:
                self._open.add(handle)
            setattr(self._local, slot, handle)
        with handle.lock:
            yield handle.db

    def _connect(self, busy_timeout: float) -> sqlite_utils.Database:
        self.check_file()
        uri = f"file:{quote(str(self.path.resolve()))}?mode=rw"
        connection = sqlite3.connect(uri, uri=True, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            connection.execute("PRAGMA synchronous = NORMAL")
            # purged patient data is overwritten, not left in free space
            connection.execute("PRAGMA secure_delete = ON")
            db = sqlite_utils.Database(connection)
            db.enable_wal()
        except BaseException:
            connection.close()
            raise
        return db

    def discard(self) -> None:
        """Close and forget this thread's connections: the next call opens a fresh one."""
        for slot in ("handle", "impatient"):
            handle: _Handle | None = getattr(self._local, slot, None)
            setattr(self._local, slot, None)
            if handle is not None:
                with self._lock:
                    self._open.discard(handle)
                with handle.lock, suppress(sqlite3.Error):
                    handle.db.conn.close()

    def close(self) -> None:
        """Close every thread's connection, each once no call is using it (waiting at most CLOSE_WAIT_SECONDS)."""
        with self._lock:
            handles, self._open = self._open, set()
        for handle in handles:
            if not handle.lock.acquire(timeout=CLOSE_WAIT_SECONDS):
                logger.warning("a store connection still in use was left open at close")
                continue
            try:
                with suppress(sqlite3.Error):
                    handle.db.conn.close()
            finally:
                handle.lock.release()
        self._local = threading.local()

    # -- the file -------------------------------------------------------------------------
    def check_file(self) -> None:
        """Raise when the path no longer names the file this store opened, or when it cannot be written now."""
        if identity(self.path) != self._identity:
            if not self._replaced_logged:
                self._replaced_logged = True
                logger.error("the %s: the store refuses every change until the bot is restarted", REPLACED)
            observe.storage_error(REPLACED)
            raise StorageError(REPLACED)
        if not writable(self.path):
            observe.storage_error(READ_ONLY)
            raise StorageError(READ_ONLY)

    # -- calls ----------------------------------------------------------------------------
    @contextmanager
    def failing_safe(self) -> Iterator[None]:
        """Driver errors -> StorageError(cause); a connection that raised one is discarded."""
        try:
            yield
        except sqlite3.IntegrityError as error:
            cause = describe(error)
            observe.storage_error(cause)
            raise StorageError(cause) from None
        except sqlite3.Error as error:
            cause = describe(error)
            observe.storage_error(cause)
            self.discard()
            logger.warning("storage error: %s (connection discarded, the next call reopens it)", cause)
            raise StorageError(cause) from None

    @contextmanager
    def reading(self) -> Iterator[sqlite_utils.Database]:
        """A read: one statement, no explicit transaction."""
        with self.failing_safe():
            self.check_file()
            with self.using() as db:
                yield db

    @contextmanager
    def _writing(self, urgent: bool) -> Iterator[None]:
        """The file's write lock; "database is locked" if another thread holds it past `writer_wait`."""
        try:
            self._writer.acquire(urgent=urgent, timeout=self.writer_wait)
        except TimeoutError:
            observe.storage_error(LOCKED)
            raise StorageError(LOCKED) from None
        try:
            yield
        finally:
            self._writer.release()

    def write_now(self, statement: Callable[[sqlite_utils.Database], T]) -> T:
        """One statement in an acknowledgement's path (atomic on its own, no BEGIN/COMMIT), tried again at once
        while another process holds the file's write lock.

        Why not SQLite's own wait: its busy handler sleeps 1, 2, 5, 10 ... ms between tries however briefly
        the lock is held, and with the work in a process of its own (bot/cli/work_process.py) that process's
        writes would cost the acks those steps. Threads of this process still queue on the writer lock
        (first, as urgent). A statement refused as busy did nothing, so trying it again is safe; after
        `busy_timeout` the refusal stands ("database is locked").
        """
        with self.failing_safe():
            self.check_file()
            with self._writing(urgent=True), self.using(impatient=True) as db:
                deadline = time.monotonic() + self.busy_timeout
                while True:
                    try:
                        return statement(db)
                    except sqlite3.OperationalError as error:
                        if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                            raise
                    time.sleep(BUSY_RETRY_SECONDS)

    @contextmanager
    def single_write(self, *, urgent: bool = False) -> Iterator[sqlite_utils.Database]:
        """The write lock for exactly one statement, which SQLite makes atomic on its own (no BEGIN/COMMIT).

        Two calls into SQLite fewer than `transaction`: each releases Python's GIL and may wait to get it
        back while the lock is held, so on the acknowledgement path (the inbox's one insert) that counts.
        """
        with self.failing_safe():
            self.check_file()
            with self._writing(urgent), self.using() as db:
                yield db

    @contextmanager
    def transaction(self, *, urgent: bool = False) -> Iterator[sqlite_utils.Database]:
        """One write transaction holding the write lock from its first statement (BEGIN IMMEDIATE).

        `urgent`: a write in an acknowledgement's path, which goes before every waiting ordinary write.
        A failed ROLLBACK raises (and so discards the connection) in place of the error that caused it.
        """
        with self.failing_safe():
            self.check_file()
            # SQLite has one writer: threads of this process queue on the file's lock (bot.sqlite_writers).
            with self._writing(urgent), self.using() as db:
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    if db.conn.in_transaction:
                        db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
