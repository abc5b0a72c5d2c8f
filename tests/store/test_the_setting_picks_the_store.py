"""CLINIC_BOT_DB picks the store; retention settings read like an admin writes them; the assistant loads no driver."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load
from bot.store.factory import open_store
from bot.store.postgres import PostgreSQLStore
from bot.store.sqlite import SQLiteStore
from tests.store_fixtures import PostgreSQLServer

REPO = Path(__file__).resolve().parents[2]


def test_a_path_opens_sqlite_and_a_postgresql_url_opens_postgresql(
    tmp_path: Path, postgresql_server: PostgreSQLServer
) -> None:
    sqlite = open_store(tmp_path / "bot.sqlite3")
    assert isinstance(sqlite, SQLiteStore)
    sqlite.close()
    postgresql = open_store(postgresql_server.create_database())
    assert isinstance(postgresql, PostgreSQLStore)
    postgresql.close()


@pytest.mark.parametrize("setting", ["mysql://db.example/clinic", "sqlite:///var/bot.sqlite3", " "])
def test_a_setting_that_is_neither_is_refused_naming_the_variable(setting: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="CLINIC_BOT_DB"):
        open_store(setting)


def test_the_database_url_is_kept_exactly_as_given(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = "postgresql:///clinic?host=/run/postgresql&user=bot"
    monkeypatch.setenv("CLINIC_BOT_DB", url)
    assert load(Settings, _env_file=None).store_location == url
    overridden = load(Settings, _env_file=None, clinic_bot_db=tmp_path / "bot.sqlite3")
    assert overridden.store_location == str(tmp_path / "bot.sqlite3")


def test_retention_defaults_to_a_day_of_conversations_and_six_years_of_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONVERSATION_RETENTION", raising=False)
    monkeypatch.delenv("AUDIT_RETENTION", raising=False)
    settings = load(Settings, _env_file=None)
    assert settings.conversation_retention == timedelta(days=1)
    assert timedelta(days=6 * 365) < settings.audit_retention < timedelta(days=6 * 366)


DURATIONS = [
    ("12h", timedelta(hours=12)),
    ("7d", timedelta(days=7)),
    ("30m", timedelta(minutes=30)),
    ("2w", timedelta(weeks=2)),
]


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_retention_reads_durations(monkeypatch: pytest.MonkeyPatch, text: str, expected: timedelta) -> None:
    monkeypatch.setenv("CONVERSATION_RETENTION", text)
    assert load(Settings, _env_file=None).conversation_retention == expected


def test_a_retention_that_is_not_a_duration_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDIT_RETENTION", "six years")
    with pytest.raises(ConfigError, match=r"AUDIT_RETENTION is invalid: .* not a duration"):
        load(Settings, _env_file=None)


def test_the_assistant_and_the_store_protocol_load_no_database_driver() -> None:
    probe = (
        "import sys, bot.store, bot.assistant; "
        "print(sorted(m for m in ('sqlite_utils', 'psycopg', 'psycopg_pool') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
