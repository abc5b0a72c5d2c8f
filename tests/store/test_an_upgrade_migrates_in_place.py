"""Schema migrations: applied once, the same on both databases, and a file from before upgraded in place."""

from __future__ import annotations

import logging
import multiprocessing
from datetime import timedelta
from pathlib import Path

import pytest

from bot.engine.state import Step
from bot.store import SCHEMA_VERSION
from bot.store.factory import open_store
from bot.store.migrations import NewerSchemaError
from bot.store.sqlite import SQLiteStore
from tests.store.old_layout import make_old_file
from tests.store.support import NOW, audit, conversation, raw

TABLES = {"conversations", "audit_log", "processed_events", "leases", "inbox", "quarantine", "heartbeat"}


def _tables(location: str) -> set[str]:
    if location.startswith("postgresql"):
        rows = raw(location, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    else:
        rows = raw(location, "SELECT name FROM sqlite_master WHERE type = 'table'")
    return {name for (name,) in rows}


def test_a_new_database_is_migrated_to_the_latest_schema_once(store_location: str) -> None:
    for _ in range(2):  # opening again applies nothing twice
        store = open_store(store_location)
        assert store.schema_version() == SCHEMA_VERSION  # type: ignore[attr-defined]
        store.close()
    assert raw(store_location, "SELECT version FROM schema_version ORDER BY version") == [
        (version,) for version in range(1, SCHEMA_VERSION + 1)
    ]
    assert _tables(store_location) >= TABLES


def _open_and_close(location: str) -> None:
    open_store(location).close()


def test_processes_starting_together_on_a_new_database_migrate_it_once(store_location: str) -> None:
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_open_and_close, args=(store_location,)) for _ in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert raw(store_location, "SELECT COUNT(*) FROM schema_version") == [(SCHEMA_VERSION,)]


def test_a_file_made_before_the_store_protocol_is_upgraded_in_place_keeping_everything(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "bot.sqlite3"
    dm = conversation(Step.NEED_WINDOW, "U1", id="dm-1").model_copy(update={"version": 3})
    command = conversation(Step.CONFIRM, "U1", NOW + timedelta(minutes=1), id="cmd-1", with_patient=True)
    done = conversation(Step.DONE, "U2", NOW - timedelta(days=2), id="done-1")
    make_old_file(
        path,
        [(dm, {"kind": "dm", "channel": "D1", "ts": "1.2"}), (command, {"kind": "command"}), (done, {})],
        [audit("A1"), audit("A2", outcome="failed")],
        ["Ev1"],
    )
    caplog.set_level(logging.INFO)
    store = SQLiteStore(path)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        stored = store.get("dm-1")
        assert stored is not None and stored.conversation == dm and stored.surface["ts"] == "1.2"
        # the new one-query lookup by surface kind works on rows written the old way
        active = store.active_for_user("U1", surface_kind="dm")
        assert active is not None and active.conversation.id == "dm-1"
        newest = store.active_for_user("U1")
        assert newest is not None and newest.conversation == command
        assert [(e.appointment_id, e.outcome) for e in store.audit_entries()] == [("A1", "applied"), ("A2", "failed")]
        assert store.first_delivery("Ev1", NOW) is False, "processed events were kept"
        # the upgraded file takes the new rows and saves
        saved = store.save(dm.model_copy(update={"step": Step.CHOOSE_SLOT}), expected_version=3)
        assert saved is not None and saved.conversation.version == 4
        assert store.purge_finished(NOW - timedelta(days=1)) == 1
        assert raw(str(path), "PRAGMA auto_vacuum") == [(2,)], "the old file now gives freed space back"
    finally:
        store.close()
    assert any("readable by other users" in record.getMessage() for record in caplog.records), (
        "the old file was made world-readable (umask 022): the admin is told"
    )


def test_a_database_from_a_newer_release_is_refused_and_left_as_it_is(store_location: str) -> None:
    """A rolled-back deploy must not run on rows it does not understand: it refuses to start, saying what to do."""
    open_store(store_location).close()
    ahead = SCHEMA_VERSION + 1
    raw(store_location, f"INSERT INTO schema_version (version) VALUES ({ahead})")

    with pytest.raises(NewerSchemaError) as refused:
        open_store(store_location)

    assert f"schema is version {ahead}, newer than this clinic-bot knows ({SCHEMA_VERSION})" in refused.value.cause
    assert "restore a backup" in refused.value.cause
    versions = raw(store_location, "SELECT version FROM schema_version ORDER BY version")
    assert versions == [(version,) for version in range(1, ahead + 1)], "nothing was migrated or rewritten"
