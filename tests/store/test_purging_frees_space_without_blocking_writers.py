"""Retention: purges take old rows in small batches, never hold up a writer, and leave no patient data behind."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

from bot.engine.state import Step
from bot.store import Store
from bot.store.factory import is_postgresql, open_store
from bot.store.sqlite import SQLiteStore
from tests.store.support import NOW, PATIENT_NAME, conversation, raw

OLD = (NOW - timedelta(days=3)).isoformat()
INSERT_FINISHED = (
    "INSERT INTO conversations (id, user_id, step, final, version, updated_at, state, surface, surface_kind) "
    "VALUES (?, 'U9', 'done', 1, 1, ?, ?, '{}', NULL)"
)


def _many_finished(location: str, count: int, state_size: int) -> None:
    state = '{"note": "' + "x" * state_size + '"}'
    rows = [(f"old-{n}", OLD, state) for n in range(count)]
    if is_postgresql(location):
        import psycopg

        with (
            psycopg.connect(location) as connection,
            connection.cursor() as cursor,
            cursor.copy(
                "COPY conversations (id, user_id, step, final, version, updated_at, state, surface) FROM STDIN"
            ) as copy,
        ):
            for key, at, body in rows:
                copy.write_row((key, "U9", "done", 1, 1, at, body, "{}"))
        return
    connection = sqlite3.connect(location, isolation_level=None)
    connection.execute("BEGIN")
    connection.executemany(INSERT_FINISHED, rows)
    connection.execute("COMMIT")
    connection.close()


def test_only_finished_conversations_older_than_the_cutoff_are_purged(store: Store, store_location: str) -> None:
    store.insert(conversation(Step.DONE, "U1", NOW - timedelta(days=2)), {})
    store.insert(conversation(Step.EXPIRED, "U2", NOW - timedelta(hours=1)), {})
    store.insert(conversation(Step.CHOOSE_SLOT, "U3", NOW - timedelta(days=2)), {})
    _many_finished(store_location, 1234, 10)
    assert store.purge_finished(NOW - timedelta(days=1), batch=100) == 1235
    left = {user for (user,) in raw(store_location, "SELECT user_id FROM conversations")}
    assert left == {"U2", "U3"}, "a recent finished one and an open one (however old) stay"


def test_a_write_from_another_connection_during_a_100k_row_purge_gets_through_quickly(store_location: str) -> None:
    purger = open_store(store_location)
    writer = open_store(store_location)
    if isinstance(writer, SQLiteStore):
        writer.close()
        # a one-transaction purge of these rows holds the write lock for longer than this writer waits
        writer = SQLiteStore(store_location, busy_timeout=0.25)
    _many_finished(store_location, 100_000, 300)
    purged: list[int] = []
    purge = threading.Thread(target=lambda: purged.append(purger.purge_finished(NOW - timedelta(days=1))))
    purge.start()
    waits = []
    number = 0
    try:
        while purge.is_alive() or number < 3:
            started = time.monotonic()
            writer.insert(conversation(Step.CHOOSE_SLOT, f"W{number}"), {})  # raises "database is locked" if held up
            waits.append(time.monotonic() - started)
            number += 1
            time.sleep(0.005)
    finally:
        purge.join()
        purger.close()
        writer.close()
    assert purged == [100_000]
    assert len(waits) >= 3 and max(waits) < 0.25, f"longest wait {max(waits):.3f} s"
    check = open_store(store_location)
    assert len(check.open_conversations(limit=100_000)) == number
    check.close()


def test_purging_many_rows_gives_the_space_back_to_the_file_system(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = SQLiteStore(path)
    _many_finished(str(path), 5000, 4000)
    store.insert(conversation(Step.CHOOSE_SLOT, "U1"), {})
    store.return_freed_space()
    before = path.stat().st_size
    assert store.purge_finished(NOW - timedelta(days=1)) == 5000
    after = path.stat().st_size
    assert after < before / 10, f"{before} -> {after} bytes"
    assert store.active_for_user("U1") is not None
    store.close()


def test_purged_patient_data_is_overwritten_not_left_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = SQLiteStore(path)
    # one finished conversation among open ones: its page stays in use after the purge
    for number in range(10):
        store.insert(conversation(Step.CHOOSE_SLOT, f"U{number}"), {})
    store.insert(conversation(Step.DONE, "U10", NOW - timedelta(days=2), with_patient=True), {"kind": "dm"})
    for number in range(11, 21):
        store.insert(conversation(Step.CHOOSE_SLOT, f"U{number}"), {})
    assert store.purge_finished(NOW - timedelta(days=1)) == 1
    try:  # while the bot runs: the file and its write-ahead log
        files = list(tmp_path.glob("bot.sqlite3*"))
        assert any(file.name.endswith("-wal") for file in files)
        for file in files:
            assert PATIENT_NAME.encode() not in file.read_bytes(), f"{file.name} still holds a purged patient's name"
    finally:
        store.close()
