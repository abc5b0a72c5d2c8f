"""`clinic-bot purge` and `clinic-bot backup`, as an IT admin runs them."""

from __future__ import annotations

import sqlite3
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.engine.state import Step
from bot.store import Store
from bot.store.factory import open_store
from tests.store.support import audit, conversation, raw
from tests.store_fixtures import PostgreSQLServer

REAL_NOW = datetime.now(UTC)  # the commands read the real clock


@pytest.fixture
def configured(store_location: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CLINIC_BOT_DB", store_location)
    monkeypatch.delenv("CONVERSATION_RETENTION", raising=False)
    monkeypatch.delenv("AUDIT_RETENTION", raising=False)
    return store_location


def _seed(store: Store) -> None:
    store.insert(conversation(Step.DONE, "U1", REAL_NOW - timedelta(days=2)), {})
    store.insert(conversation(Step.FAILED, "U2", REAL_NOW - timedelta(hours=13)), {})
    store.insert(conversation(Step.CHOOSE_SLOT, "U3", REAL_NOW - timedelta(days=30)), {})
    store.audit([audit("old", at=REAL_NOW - timedelta(days=7 * 365)), audit("recent", at=REAL_NOW - timedelta(days=9))])


def test_purge_removes_what_is_past_its_retention_and_says_so(
    configured: str, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(store)
    assert main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "Removed 1 finished conversation, 0 inbox entries, 0 processed event ids and 1 audit entry." in out
    assert "Kept: conversations finished within 1 day, audit entries within 6 years." in out
    users = {user for (user,) in raw(configured, "SELECT user_id FROM conversations")}
    assert users == {"U2", "U3"}, "an open conversation is never purged, however old"
    assert [entry.appointment_id for entry in store.audit_entries()] == ["recent"]


def test_purge_takes_the_retention_from_the_command_line_or_the_settings(
    configured: str, store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(store)
    assert main(["purge", "--older-than", "12h", "--audit-older-than", "7d"]) == 0
    out = capsys.readouterr().out
    assert "Removed 2 finished conversations" in out and "2 audit entries" in out
    store.insert(conversation(Step.DONE, "U4", REAL_NOW - timedelta(hours=2)), {})
    monkeypatch.setenv("CONVERSATION_RETENTION", "1h")
    assert main(["purge"]) == 0
    assert "Removed 1 finished conversation," in capsys.readouterr().out


def test_purge_explains_a_duration_it_cannot_read(configured: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["purge", "--older-than", "7 days"])
    assert exit.value.code == 2
    assert "is not a duration: use a number and a unit, e.g. 12h, 7d, 6y" in capsys.readouterr().err


@pytest.fixture
def sqlite_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Store]]:
    location = str(tmp_path / "var" / "bot.sqlite3")
    monkeypatch.setenv("CLINIC_BOT_DB", location)
    opened = open_store(location)
    yield location, opened
    opened.close()


def test_backup_copies_a_running_sqlite_store_into_a_private_file(
    sqlite_configured: tuple[str, Store], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    location, store = sqlite_configured
    for number in range(200):
        store.insert(conversation(Step.CHOOSE_SLOT, f"U{number}"), {})
    writing = threading.Event()
    writer = open_store(location)

    def keep_writing() -> None:
        number = 1000
        while not writing.is_set():
            writer.insert(conversation(Step.CHOOSE_SLOT, f"U{number}"), {})
            number += 1

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        copy = tmp_path / "backups" / "copy.sqlite3"
        assert main(["backup", str(copy)]) == 0
    finally:
        writing.set()
        thread.join()
        writer.close()
    assert f"Backed up {location} to {copy}" in capsys.readouterr().out
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600 and stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    copied = sqlite3.connect(copy)
    assert copied.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copied.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] >= 200
    copied.close()
    assert not copy.with_name("copy.sqlite3-wal").exists(), "the copy is one self-contained file"
    restored = open_store(copy)
    assert restored.get(conversation(Step.CHOOSE_SLOT, "U7").id) is not None
    restored.close()


def test_backup_never_overwrites_an_existing_file(
    sqlite_configured: tuple[str, Store], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "yesterday.sqlite3"
    existing.write_bytes(b"yesterday's backup")
    assert main(["backup", str(existing)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_bytes() == b"yesterday's backup"


def test_backup_of_a_postgresql_store_says_to_use_pg_dump(
    postgresql_server: PostgreSQLServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("CLINIC_BOT_DB", postgresql_server.create_database())
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 2
    assert "pg_dump --format=custom" in capsys.readouterr().err
    assert not (tmp_path / "copy.sqlite3").exists()
