"""The SQLite file is private, says why it fails, recovers when the cause is gone, and notices being swapped."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import StorageError
from bot.store.sqlite import SQLiteStore
from tests.faults.cells import can_chattr
from tests.store.support import conversation

REPO = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0)
    os.umask(previous)
    yield
    os.umask(previous)


@pytest.mark.parametrize("mask", [0o000, 0o022, 0o277], ids=["umask-000", "umask-022", "umask-277"])
def test_the_file_and_its_folders_are_created_private_whatever_the_umask(
    tmp_path: Path, umask: None, mask: int
) -> None:
    os.umask(mask)
    path = tmp_path / "var" / "clinic-bot" / "bot.sqlite3"
    store = SQLiteStore(path)
    store.insert(conversation(), {})
    try:
        assert mode(path) == 0o600
        for companion in ("-wal", "-shm"):
            assert mode(path.with_name(path.name + companion)) == 0o600, companion
        assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    finally:
        store.close()


def test_an_existing_file_or_folder_others_can_read_gets_a_warning_saying_how_to_fix_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o755)
    path = folder / "bot.sqlite3"
    sqlite3.connect(path).close()
    os.chmod(path, 0o644)
    caplog.set_level(logging.WARNING)
    SQLiteStore(path).close()
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert any("folder" in w and "chmod 700" in w for w in warnings)
    assert any("file" in w and "chmod 600" in w for w in warnings)
    assert mode(path) == 0o644, "an admin's own choice is reported, not silently changed"


def test_a_private_file_gets_no_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    SQLiteStore(tmp_path / "private" / "bot.sqlite3").close()
    assert not [record for record in caplog.records if "readable" in record.getMessage()]


def _in_a_new_thread(call: object) -> str:
    outcome: list[str] = []

    def run() -> None:
        try:
            call()  # type: ignore[operator]
            outcome.append("ok")
        except StorageError as error:
            outcome.append(error.cause)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return outcome[0]


def test_a_database_deleted_under_the_running_store_stops_every_write_instead_of_starting_a_new_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bot.sqlite3"
    store = SQLiteStore(path)
    store.insert(conversation(user="U0"), {})
    for leftover in tmp_path.glob("bot.sqlite3*"):
        leftover.unlink()
    for call in (lambda: store.insert(conversation(user="U1"), {}), store.check_health):
        with pytest.raises(StorageError, match=r"^database file was replaced or deleted$"):
            call()
    assert _in_a_new_thread(lambda: store.insert(conversation(user="U2"), {})) == (
        "database file was replaced or deleted"
    ), "a thread opening its first connection does not create a fresh file either"
    assert not path.exists()
    store.close()


def test_a_database_replaced_under_the_running_store_is_never_written_to(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = SQLiteStore(path)
    store.insert(conversation(user="U0"), {})
    store.check_health()
    restored = tmp_path / "restored.sqlite3"
    backup = sqlite3.connect(restored)
    sqlite3.connect(path).backup(backup)
    backup.close()
    os.replace(restored, path)
    with pytest.raises(StorageError, match="replaced or deleted"):
        store.insert(conversation(user="U1"), {})
    with pytest.raises(StorageError, match="replaced or deleted"):
        store.check_health()
    store.close()
    rows = sqlite3.connect(path).execute("SELECT user_id FROM conversations").fetchall()
    assert rows == [("U0",)], "nothing was written into the file that replaced ours"


def test_a_locked_database_says_so_and_works_again_once_the_lock_is_gone(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = SQLiteStore(path, busy_timeout=0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(StorageError) as locked:
        store.insert(conversation(user="U1"), {})
    assert locked.value.cause == "database is locked" and str(locked.value) == "database is locked"
    with pytest.raises(StorageError, match=r"^database is locked$"):
        store.check_health()
    other.execute("ROLLBACK")
    other.close()
    store.insert(conversation(user="U1"), {})
    store.check_health()
    assert store.get(conversation(user="U1").id) is not None
    store.close()


def _scenario(name: str, folder: Path, wrapper: list[str]) -> dict[str, dict[str, str]]:
    command = [*wrapper, sys.executable, "-m", "tests.store.disk_scenarios", name, str(folder)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, dict[str, str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _without_root_overrides() -> list[str]:
    """Run as root but bound by file modes (root ignores them thanks to two capabilities), or as we are."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    if shutil.which("capsh"):
        return ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--"]
    pytest.skip("running as root without setpriv or capsh: a read-only file cannot be made to bind")


def test_a_read_only_spell_fails_with_its_cause_and_nothing_stays_broken_after_it(tmp_path: Path) -> None:
    result = _scenario("read-only", tmp_path, _without_root_overrides())
    assert result["during"] == {"insert": "database is read-only", "health": "database is read-only"}
    assert result["after"] == {"insert": "ok", "health": "ok", "read back": "ok"}


def _private_tmpfs(folder: Path) -> list[str]:
    """A 4 MB tmpfs on `folder`, seen only by the scenario's process (its own mount namespace)."""
    if not shutil.which("unshare"):
        pytest.skip("unshare (util-linux) is missing: no private small file system to fill")
    namespace = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-Urm"]
    probe = subprocess.run([*namespace, "mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                           capture_output=True, text=True, check=False)  # fmt: skip
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a private tmpfs here (no mount namespace): {probe.stderr.strip()[:200]}")
    return [*namespace, "sh", "-c", f'mount -t tmpfs -o size=4m tmpfs "{folder}" && exec "$0" "$@"']


def test_a_full_disk_fails_with_its_cause_and_the_same_store_works_once_space_is_freed(tmp_path: Path) -> None:
    result = _scenario("disk-full", tmp_path, _private_tmpfs(tmp_path))
    assert result["during"] == {"save": "disk is full"}
    assert result["after"] == {"save": "ok", "health": "ok"}


def test_a_failing_write_fails_with_its_cause_and_the_same_store_works_once_it_passes(tmp_path: Path) -> None:
    result = _scenario("io-error", tmp_path, [])
    assert result["during"] == {"save": "disk I/O error"}
    assert result["after"] == {"save": "ok", "health": "ok"}


def test_an_immutable_or_read_only_mounted_file_is_refused_before_sqlite_touches_it_and_the_process_lives(
    tmp_path: Path,
) -> None:
    """A file system remounted read-only under a running bot used to kill it with SIGBUS (SQLite's mapped -shm)."""
    why = can_chattr(tmp_path)
    if why is not None:
        pytest.skip(why)
    result = _scenario("immutable", tmp_path, [])
    assert result["during"] == {
        "insert": "database is read-only",
        "read": "database is read-only",
        "health": "database is read-only",
        "booking system": "booking system unavailable",
    }
    assert result["after"] == {"insert": "ok", "health": "ok", "booking system": "ok"}
