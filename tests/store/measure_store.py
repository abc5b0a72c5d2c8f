"""Figures for the store on both backends (prints, never asserts):

    .venv/bin/python -m tests.store.measure_store

- per call: median microseconds of inbox_add, get, active_for_user, and a save
  that writes surface + lease + audit (one transaction);
- a 100k-row purge while another connection writes: purge seconds, the
  writer's longest wait and how many writes got through;
- SQLite only: the file's size before and after purging 5,000 rows of 4 KB.
PostgreSQL runs in a throwaway cluster (tests/store_fixtures.py).
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.engine.state import Step
from bot.store import InboxEntry, Lease, Store
from bot.store.factory import open_store
from bot.store.sqlite import SQLiteStore
from tests.store.support import NOW, audit, conversation
from tests.store.test_purging_frees_space_without_blocking_writers import _many_finished
from tests.store_fixtures import start_postgresql


def _median_us(call: Callable[[int], object], times: int = 500) -> float:
    samples = []
    for number in range(times):
        started = time.perf_counter()
        call(number)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def per_call(location: str) -> dict[str, float]:
    store = open_store(location)
    try:
        for number in range(500):
            store.insert(conversation(Step.CONFIRM, f"U{number}"), {"kind": "dm"})
        now = datetime.now(UTC)

        def save(number: int) -> object:
            base = conversation(Step.CONFIRM, f"U{number}").model_copy(update={"version": 1})
            return store.save(
                base.model_copy(update={"step": Step.APPLYING}),
                expected_version=1,
                surface={"kind": "command"},
                take_lease=Lease(f"appointment:sandbox:a{number}", base.id, NOW + timedelta(minutes=5)),
                audit=[audit(f"a{number}")],
            )

        return {
            "inbox_add": _median_us(lambda n: store.inbox_add(InboxEntry(f"k{n}", "command", "text", now))),
            "get": _median_us(lambda n: store.get(conversation(Step.CONFIRM, f"U{n}").id)),
            "active_for_user": _median_us(lambda n: store.active_for_user(f"U{n}", surface_kind="dm")),
            "save+lease+audit": _median_us(save),
        }
    finally:
        store.close()


def purge_under_writes(location: str, writer: Store) -> tuple[float, float, int]:
    purger = open_store(location)
    _many_finished(location, 100_000, 300)
    started = time.monotonic()
    thread = threading.Thread(target=lambda: purger.purge_finished(NOW - timedelta(days=1)))
    thread.start()
    waits = []
    while thread.is_alive():
        begun = time.monotonic()
        writer.insert(conversation(Step.CHOOSE_SLOT, f"W{len(waits)}"), {})
        waits.append(time.monotonic() - begun)
        time.sleep(0.005)
    thread.join()
    seconds = time.monotonic() - started
    purger.close()
    writer.close()
    return seconds, max(waits), len(waits)


def shrink(folder: Path) -> tuple[int, int]:
    path = folder / "shrink.sqlite3"
    store = SQLiteStore(path)
    _many_finished(str(path), 5000, 4000)
    store.return_freed_space()
    before = path.stat().st_size
    store.purge_finished(NOW - timedelta(days=1))
    after = path.stat().st_size
    store.close()
    return before, after


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="clinic-bot-measure-"))
    folder.chmod(0o700)
    server, cluster, problem = start_postgresql()
    locations = {"sqlite": str(folder / "bot.sqlite3")}
    if server is not None:
        locations["postgresql"] = server.create_database()
    else:
        print(f"postgresql: skipped ({problem})")
    try:
        for name, location in locations.items():
            calls = per_call(location)
            print(f"{name:10} " + "  ".join(f"{call} {us:.0f} us" for call, us in calls.items()))
        for name in locations:
            fresh = str(folder / "purge.sqlite3") if name == "sqlite" else server.create_database()  # type: ignore[union-attr]
            writer = SQLiteStore(fresh, busy_timeout=0.25) if name == "sqlite" else open_store(fresh)
            seconds, longest, writes = purge_under_writes(fresh, writer)
            print(f"{name:10} purge 100k rows: {seconds:.2f} s; concurrent writer: {writes} writes, "
                  f"longest {longest * 1000:.0f} ms")  # fmt: skip
        before, after = shrink(folder)
        print(f"sqlite     file before/after purging 5,000 x 4 KB rows: {before:,} -> {after:,} bytes")
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
