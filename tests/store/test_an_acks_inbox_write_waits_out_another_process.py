"""An acknowledgement's inbox insert waits out another process's write, then lands, or says "database is locked".

With the work in a process of its own (WORK_PROCESS=true), the serving process's
inbox inserts and the work process's saves meet on SQLite's file lock. The
insert does not sleep in SQLite's coarse busy steps; it tries again every fraction
of a millisecond for as long as the busy timeout allows. Here a second connection
(as another process would) holds the write lock.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.store import InboxEntry, StorageError
from bot.store.sqlite import SQLiteStore
from tests.store.support import NOW


def hold_the_write_lock(path: Path, seconds: float) -> threading.Thread:
    held = threading.Event()

    def hold() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(seconds)
        other.execute("COMMIT")
        other.close()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    return holder


def entry(key: str) -> InboxEntry:
    return InboxEntry(key=key, kind="command", body="x", received_at=NOW)


def test_the_insert_lands_once_the_other_writer_lets_go(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "bot.sqlite3", busy_timeout=5)
    holder = hold_the_write_lock(tmp_path / "bot.sqlite3", 0.3)
    assert store.inbox_add(entry("k1")) is True
    holder.join()
    assert [row.key for row in store.inbox_unfinished(received_before=NOW.replace(year=NOW.year + 1))] == ["k1"]
    assert store.inbox_add(entry("k1")) is False, "a retried insert must not have left a second row"


def test_past_the_busy_timeout_it_says_locked_and_writes_nothing(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "bot.sqlite3", busy_timeout=0.1)
    holder = hold_the_write_lock(tmp_path / "bot.sqlite3", 0.6)
    with pytest.raises(StorageError, match="database is locked"):
        store.inbox_add(entry("k2"))
    holder.join()
    assert store.inbox_unfinished(received_before=NOW.replace(year=NOW.year + 1)) == []
