"""Real disk faults against the SQLite store, each in its own process; prints what it saw as one JSON line.

    python -m tests.store.disk_scenarios read-only|disk-full|io-error|immutable FOLDER

Run by test_the_sqlite_store_fails_safe.py, which sets up what each needs:
`read-only` runs without the capabilities that let root ignore file modes;
`disk-full` runs in its own mount namespace with a small tmpfs on FOLDER;
`io-error` lowers RLIMIT_FSIZE so the file system refuses to grow the files;
`immutable` needs chattr (root on a file system with the immutable flag).
Each scenario takes the fault away again and checks that the very same store,
on the very same thread, works without a restart.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from bot.engine.state import Step
from bot.store import StorageError
from bot.store.sqlite import SQLiteStore
from tests.store.support import conversation

BIG_NOTE = "x" * 400_000


def _attempt(call: Any) -> str:
    try:
        call()
    except StorageError as error:
        return error.cause
    return "ok"


def read_only(folder: Path) -> dict[str, Any]:
    path = folder / "bot.sqlite3"
    store = SQLiteStore(path, busy_timeout=1)
    store.insert(conversation(user="U0"), {})
    worker = ThreadPoolExecutor(max_workers=1)  # one thread: its connection is opened during the spell

    def on_worker(call: Any) -> str:
        return worker.submit(_attempt, call).result()

    os.chmod(path, 0o444)
    during = {
        "insert": on_worker(lambda: store.insert(conversation(user="U1"), {})),
        "health": on_worker(store.check_health),
    }
    os.chmod(path, 0o600)
    after = {
        "insert": on_worker(lambda: store.insert(conversation(user="U1"), {})),
        "health": on_worker(store.check_health),
        "read back": "ok" if worker.submit(store.get, conversation(user="U1").id).result() else "missing",
    }
    return {"during": during, "after": after}


def disk_full(folder: Path) -> dict[str, Any]:
    store = SQLiteStore(folder / "bot.sqlite3", busy_timeout=1)
    first = store.insert(conversation(user="U0"), {}).conversation
    filler = folder / "filler"
    with open(filler, "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    big = first.model_copy(update={"note": BIG_NOTE, "step": Step.CONFIRM})
    during = {"save": _attempt(lambda: store.save(big, expected_version=1))}
    filler.unlink()
    after = {
        "save": _attempt(lambda: store.save(big, expected_version=1)),
        "health": _attempt(store.check_health),
    }
    return {"during": during, "after": after}


def io_error(folder: Path) -> dict[str, Any]:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing us
    path = folder / "bot.sqlite3"
    store = SQLiteStore(path, busy_timeout=1)
    first = store.insert(conversation(user="U0"), {}).conversation
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    largest = max(p.stat().st_size for p in folder.iterdir())
    resource.setrlimit(resource.RLIMIT_FSIZE, (largest + 4096, hard))
    big = first.model_copy(update={"note": BIG_NOTE, "step": Step.CONFIRM})
    during = {"save": _attempt(lambda: store.save(big, expected_version=1))}
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    after = {
        "save": _attempt(lambda: store.save(big, expected_version=1)),
        "health": _attempt(store.check_health),
    }
    return {"during": during, "after": after}


def immutable(folder: Path) -> dict[str, Any]:
    """The file, its -wal and -shm made immutable (as a read-only remount does) while every thread has them open.

    SQLite writes to the memory-mapped -shm on reads too: touching it now used to kill the process (SIGBUS).
    """
    from bot.backends.errors import BackendUnavailable
    from bot.backends.sandbox import SandboxBackend
    from bot.backends.sandbox.seed import seed

    path = folder / "bot.sqlite3"
    store = SQLiteStore(path, busy_timeout=1)
    seed(path, date(2026, 12, 1), "America/New_York")
    clinic = SandboxBackend(path)
    threads = [ThreadPoolExecutor(max_workers=1) for _ in range(3)]

    def on(thread: int, call: Any) -> str:
        return threads[thread].submit(_attempt, call).result()

    def clinic_call() -> None:
        try:
            clinic.check()
        except BackendUnavailable as error:
            raise StorageError("booking system unavailable") from error

    for number in range(3):  # each thread's connections opened, and used, before the spell
        on(number, lambda user=f"U{number}": store.insert(conversation(user=user), {}))
        on(number, clinic_call)
    files = [str(candidate) for candidate in folder.glob("bot.sqlite3*")]
    subprocess.run(["chattr", "+i", *files], check=True)
    try:
        during = {
            "insert": on(0, lambda: store.insert(conversation(user="U9"), {})),
            "read": on(1, lambda: store.get(conversation(user="U0").id)),
            "health": on(2, store.check_health),
            "booking system": on(1, clinic_call),
        }
    finally:
        subprocess.run(["chattr", "-i", *files], check=True)
    after = {
        "insert": on(1, lambda: store.insert(conversation(user="U9"), {})),
        "health": on(0, store.check_health),
        "booking system": on(2, clinic_call),
    }
    return {"during": during, "after": after}


SCENARIOS = {"read-only": read_only, "disk-full": disk_full, "io-error": io_error, "immutable": immutable}

if __name__ == "__main__":
    print(json.dumps(SCENARIOS[sys.argv[1]](Path(sys.argv[2]))))
