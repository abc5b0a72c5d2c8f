"""The database file is private, and the store notices when it is swapped or removed under it.

Why: the file holds patient names, birth dates and phones. It and its folder
are created 0600 / 0700 whatever the umask (SQLite gives its -wal and -shm
files the main file's mode); an existing file or folder others can read is
left as the admin made it, with a warning saying how to fix it.

Why the identity check: a file deleted or replaced while the bot runs (a
restore copied over it, a cleanup script) would otherwise be written to
silently - the old inode through open connections, a new empty file through
the next one - and the audit history would be gone at the next start.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from bot.store.protocol import StorageError

logger = logging.getLogger(__name__)

REPLACED = "database file was replaced or deleted"
READ_ONLY = "database is read-only"


@dataclass(frozen=True)
class FileIdentity:
    device: int
    inode: int


def identity(path: Path) -> FileIdentity | None:
    """Which file `path` names now (None when there is none)."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return FileIdentity(status.st_dev, status.st_ino)


def _make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents 0700, whatever the umask."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(created, 0o700)


def _warn_if_open(path: Path, what: str, others: int) -> None:
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & others:
        logger.warning(
            "the database %s %s is readable by other users (mode %o): it holds patient data; run `chmod %s %s`",
            what,
            path,
            mode,
            "700" if what == "folder" else "600",
            path,
        )


def prepare_private_file(path: Path) -> FileIdentity:
    """Make sure `path` exists as a private file (creating it and its folder if needed); its identity."""
    folder = path.parent
    try:
        if folder.exists():
            _warn_if_open(folder, "folder", stat.S_IRWXO)
        else:
            _make_private_folder(folder)
        if path.exists():
            if not path.is_file():
                raise StorageError("database path is not a file")
            _warn_if_open(path, "file", stat.S_IRWXG | stat.S_IRWXO)
        else:
            try:
                descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
            except FileExistsError:  # another process created it a moment ago
                pass
            else:
                os.fchmod(descriptor, 0o600)
                os.close(descriptor)
    except OSError as error:
        raise StorageError(f"cannot create the database file: {error.strerror or type(error).__name__}") from None
    found = identity(path)
    if found is None:
        raise StorageError(REPLACED)
    return found
