"""The demo clinic's file holds names, birth dates and phones: created by the sandbox, only its owner reads it."""

import os
import stat
from pathlib import Path

from bot.backends.sandbox import SandboxBackend, seed
from tests.backends.sandbox.support import TODAY


def test_a_file_the_sandbox_creates_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        path = tmp_path / "new" / "folder" / "clinic-bot.sqlite3"
        seed(path, TODAY)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(extra.stat().st_mode) == 0o600 for extra in path.parent.glob("*-wal"))


def test_an_existing_file_and_folder_keep_their_modes(tmp_path: Path) -> None:
    path = tmp_path / "clinic-bot.sqlite3"
    path.touch(mode=0o640)
    os.chmod(path, 0o640)
    before = stat.S_IMODE(tmp_path.stat().st_mode)
    SandboxBackend(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and stat.S_IMODE(tmp_path.stat().st_mode) == before
