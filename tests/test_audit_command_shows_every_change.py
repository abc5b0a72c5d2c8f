"""`clinic-bot audit`: what an admin reads when asked "who moved this appointment, and when?"."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.store import AuditEntry
from bot.store.sqlite import SQLiteStore as Store

CLINIKO_ID = "514810976554504692"  # Cliniko ids are 18 digits: never cut short


@pytest.fixture
def audited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("CLINIC_BOT_DB", str(db))
    monkeypatch.setenv("CLINIC_TZ", "America/Chicago")
    store = Store(db)
    store.audit(
        AuditEntry(
            at=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
            slack_user="U0FRONTDESK",
            backend="Cliniko",
            action="reschedule",
            appointment_id=CLINIKO_ID,
            old_start=datetime(2026, 11, 24, 16, 0, tzinfo=UTC),
            new_start=datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
            outcome="applied",
        )
    )
    failed_cancel = {  # as a row reads back: validated by the same model
        "at": datetime(2026, 11, 24, 9, 30, tzinfo=UTC),
        "slack_user": "U0NURSE",
        "backend": "Demo clinic (sandbox)",
        "action": "cancel",
        "appointment_id": "apt-0003",
        "reason": "Feeling Better",
        "outcome": "failed",
        "detail": "The booking system is not answering right now.",
    }
    store.audit(AuditEntry.model_validate(failed_cancel))
    return db


def test_the_table_shows_whole_ids_backends_and_what_changed(audited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 0
    shown = capsys.readouterr().out
    assert CLINIKO_ID in shown
    assert "Demo clinic (sandbox)" in shown
    assert "2026-11-24 10:00 CST -> 2026-11-27 08:00 CST" in shown, "times in the clinic's zone, labelled"
    assert "2026-11-20 09:00 CST" in shown
    assert "reason: Feeling Better" in shown and "(The booking system is not answering right now.)" in shown


def test_since_and_json_give_the_later_entries_one_per_line(audited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--since", "2026-11-22", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["appointment_id"] for line in lines] == ["apt-0003"]


@pytest.mark.parametrize("command", ["audit", "purge", "backup"])
def test_a_database_path_that_does_not_exist_is_refused_and_nothing_is_created(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo" / "bot.sqlite3"
    monkeypatch.setenv("CLINIC_BOT_DB", str(missing))
    args = [command, str(tmp_path / "copy.sqlite3")] if command == "backup" else [command]
    assert main(args) == 2
    said = capsys.readouterr()
    assert f"there is no database at {missing} (check CLINIC_BOT_DB)" in said.err
    assert said.out == "", "nothing is reported as done"
    assert not missing.exists() and not missing.parent.exists()
