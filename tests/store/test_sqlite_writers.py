"""The process's write lock per SQLite file: shared by the store and the demo clinic, acks first."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from bot.backends.sandbox.connection import ThreadLocalDatabase
from bot.sqlite_writers import WriterLock, writer_for
from bot.store.protocol import StorageError
from bot.store.sqlite_connection import SQLiteConnections


def test_every_name_of_one_file_shares_one_lock(tmp_path: Path) -> None:
    file = tmp_path / "bot.sqlite3"
    file.touch()
    (tmp_path / "link.sqlite3").symlink_to(file)
    assert writer_for(file) is writer_for(tmp_path / "link.sqlite3")
    assert writer_for(file) is not writer_for(tmp_path / "other.sqlite3")


def test_the_store_and_the_demo_clinic_in_one_file_queue_on_the_same_lock(tmp_path: Path) -> None:
    """A sandbox booking and a card's save in one file queue here, not in SQLite's sleeping busy handler."""
    file = tmp_path / "bot.sqlite3"
    store_side = SQLiteConnections(file)
    clinic_side = ThreadLocalDatabase(file)
    lock = writer_for(file)
    entered = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def clinic_writes() -> None:
        with clinic_side.transaction():
            entered.set()
            release.wait(5)
            order.append("clinic")

    writer = threading.Thread(target=clinic_writes)
    writer.start()
    assert entered.wait(5)
    waiting = threading.Thread(target=lambda: _store_write(store_side, order))
    waiting.start()
    deadline = time.monotonic() + 5
    while not lock._ordinary._waiters and time.monotonic() < deadline:
        time.sleep(0.005)
    assert lock._ordinary._waiters, "the store's write should wait on the file's lock, not in SQLite"
    assert order == []
    release.set()
    writer.join(5)
    waiting.join(5)
    assert order == ["clinic", "store"]
    store_side.close()
    clinic_side.close()


def _store_write(connections: SQLiteConnections, order: list[str]) -> None:
    with connections.transaction():
        order.append("store")


def test_an_urgent_writer_goes_before_ordinary_ones_already_waiting() -> None:
    """An ack's inbox insert does not queue behind a burst of card saves."""
    lock = WriterLock()
    order: list[str] = []
    held = threading.Event()
    release = threading.Event()

    def first() -> None:
        with lock.hold():
            held.set()
            release.wait(5)

    def writer(name: str, urgent: bool) -> None:
        with lock.hold(urgent=urgent):
            order.append(name)

    threads = [threading.Thread(target=first)]
    threads[0].start()
    assert held.wait(5)
    for number in range(3):
        threads.append(threading.Thread(target=writer, args=(f"save {number}", False)))
        threads[-1].start()
    time.sleep(0.05)
    threads.append(threading.Thread(target=writer, args=("ack", True)))
    threads[-1].start()
    time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(5)
    assert order[0] == "ack"
    assert sorted(order[1:]) == ["save 0", "save 1", "save 2"]


def test_the_lock_is_mutual_exclusion_under_many_threads() -> None:
    lock = WriterLock()
    inside = 0
    most = 0
    guard = threading.Lock()

    def writer(urgent: bool) -> None:
        nonlocal inside, most
        for _ in range(200):
            with lock.hold(urgent=urgent):
                with guard:
                    inside += 1
                    most = max(most, inside)
                with guard:
                    inside -= 1

    threads = [threading.Thread(target=writer, args=(number % 3 == 0,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert most == 1
    assert not any(thread.is_alive() for thread in threads)


def test_a_write_lock_held_past_the_writer_wait_answers_database_is_locked(tmp_path: Path) -> None:
    """A writer of this process that never lets go (a bug, a hung call) is met like SQLite's own lock: a cause."""
    connections = SQLiteConnections(tmp_path / "bot.sqlite3", writer_wait=0.2)
    lock = writer_for(tmp_path / "bot.sqlite3")
    lock.acquire()
    try:
        failed = threading.Thread(target=lambda: _expect_locked(connections))
        failed.start()
        failed.join(5)
        assert not failed.is_alive()
    finally:
        lock.release()
    with connections.transaction():
        pass  # free again: the store works
    connections.close()


def _expect_locked(connections: SQLiteConnections) -> None:
    with pytest.raises(StorageError, match="database is locked"), connections.transaction():
        pass


def test_a_waiter_that_gave_up_does_not_strand_the_next() -> None:
    lock = WriterLock()
    lock.acquire()
    with pytest.raises(TimeoutError):
        lock.acquire(timeout=0.05)
    got = threading.Event()
    waiter = threading.Thread(target=lambda: (lock.acquire(timeout=5), got.set(), lock.release()))
    waiter.start()
    time.sleep(0.05)
    lock.release()
    assert got.wait(5)
    waiter.join(5)
