"""Threads of one process wait their turn to write on a lock, not in SQLite's sleeping busy handler.

SQLite has one writer at a time. A blocked `BEGIN IMMEDIATE` left to SQLite sleeps
in 1, 2, 5 … 100 ms steps however short the transaction ahead of it, which is
where an acknowledgement's inbox insert behind a card's save lost its time.
Here SQLite is given no busy timeout at all: a thread that ever met the lock
held by a sibling thread would fail at once with "database is locked".
"""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from bot.store import InboxEntry, StorageError
from bot.store.sqlite import SQLiteStore
from tests.store.support import NOW

THREADS = 8
WRITES_EACH = 60


def test_many_threads_writing_at_once_never_meet_a_locked_database(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "bot.sqlite3", busy_timeout=0)
    start = threading.Barrier(THREADS)
    refused: list[str] = []

    def write(thread: int) -> None:
        start.wait()
        for n in range(WRITES_EACH):
            key = f"t{thread}-{n}"
            try:
                store.inbox_add(InboxEntry(key=key, kind="command", body="x", received_at=NOW + timedelta(seconds=n)))
                store.inbox_done(key)
            except StorageError as error:
                refused.append(error.cause)

    writers = [threading.Thread(target=write, args=(thread,)) for thread in range(THREADS)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    store.close()

    assert refused == [], f"{len(refused)} writes met a locked database, e.g. {refused[:1]}"
