"""One write lock per SQLite file in this process, shared by everything that writes to it, acks first.

SQLite has one writer per file. The bot's store and the demo clinic (the
sandbox) may live in the same file; left to SQLite, a writer that finds the
file busy sleeps in its busy handler (1, 2, 5 … 100 ms steps) however short
the transaction ahead of it was. Threads of one process therefore queue on
this lock instead, which hands over the moment the last writer commits.
Other processes on the same file still meet SQLite's busy timeout.

Writes in a Slack acknowledgement's path (the durable inbox's one insert)
are `urgent`: they go before every waiting ordinary write, so an ack never
queues behind a burst of card saves and bookings (Slack drops a request not
acknowledged within 3 s).

`writable()` is asked before each call for the same reason everywhere: SQLite
maps the -shm file into memory and writes to it on reads and writes alike, and
a write to a mapped page the kernel can no longer write back (an immutable
flag, a file system remounted read-only) is a SIGBUS that kills the process.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WriterLock:
    """A mutex where urgent holders overtake ordinary waiters (never one that already holds it).

    A release wakes exactly one waiter (an urgent one first), so a queue of writers is handed the
    lock one at a time instead of every waiter waking to find it taken again.
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._urgent = threading.Condition(self._mutex)
        self._ordinary = threading.Condition(self._mutex)
        self._held = False
        self._urgent_waiting = 0

    def acquire(self, *, urgent: bool = False, timeout: float | None = None) -> None:
        """Take the lock; TimeoutError after `timeout` seconds of waiting (a writer that never lets go)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._mutex:
            if urgent:
                self._urgent_waiting += 1
            try:
                while self._held or (not urgent and self._urgent_waiting):
                    left = None if deadline is None else deadline - time.monotonic()
                    if left is not None and left <= 0:
                        raise TimeoutError("the database's write lock was not free in time")
                    (self._urgent if urgent else self._ordinary).wait(left)
            except BaseException:  # gave up waiting: pass on a wake-up it may have taken
                if urgent:
                    self._urgent_waiting -= 1
                if not self._held:
                    self._wake_next()
                raise
            if urgent:
                self._urgent_waiting -= 1
            self._held = True

    def release(self) -> None:
        with self._mutex:
            self._held = False
            self._wake_next()

    @contextmanager
    def hold(self, *, urgent: bool = False, timeout: float | None = None) -> Iterator[None]:
        self.acquire(urgent=urgent, timeout=timeout)
        try:
            yield
        finally:
            self.release()

    def _wake_next(self) -> None:
        """With the mutex held and the lock free: wake one waiter, an urgent one first."""
        if self._urgent_waiting:
            self._urgent.notify()
        else:
            self._ordinary.notify()


def writable(path: Path) -> bool:
    """Whether the SQLite file at `path` and its -wal and -shm (those that exist) may be written now.

    access(2) answers for root too: EPERM for an immutable file, EROFS on a read-only mount.
    """
    if not os.access(path, os.W_OK):
        return False
    for companion in (f"{path}-shm", f"{path}-wal"):
        if not os.access(companion, os.W_OK) and os.path.exists(companion):
            return False
    return True


_locks: dict[str, WriterLock] = {}
_registry = threading.Lock()


def writer_for(path: Path) -> WriterLock:
    """The process's write lock for the SQLite file at `path` (the same object for every name of that file)."""
    key = os.path.realpath(path)
    with _registry:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = WriterLock()
        return lock


__all__ = ["WriterLock", "writable", "writer_for"]
