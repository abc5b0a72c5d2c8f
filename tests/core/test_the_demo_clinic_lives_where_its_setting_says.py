"""SANDBOX_DB: where the demo clinic's SQLite file is, now that CLINIC_BOT_DB may be a PostgreSQL URL.

What an admin would notice: with a SQLite CLINIC_BOT_DB nothing changes (one
file holds both); with PostgreSQL the demo clinic goes where SANDBOX_DB says
(or systemd's state directory), never into a file named after the URL; a
setting that cannot work stops start-up with a message naming it; and two
replicas given one sandbox file see each other's bookings.
"""

from __future__ import annotations

import sqlite3
import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from bot.backends.sandbox import open_demo
from bot.config import ConfigError, Settings
from bot.domain import Window
from tests.core.conftest import CHICAGO, CLINIC_TZ

POSTGRESQL = "postgresql://clinic_bot@db.example:5432/clinic_bot"


@pytest.fixture(autouse=True)
def no_outside_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SANDBOX_DB", "STATE_DIRECTORY", "CLINIC_BOT_DB", "BOOKING_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, clinic_timezone=CLINIC_TZ, **values)  # type: ignore[call-arg]


def sandbox_tables(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sandbox_%' AND type = 'table'")
        return sorted(name for (name,) in rows)
    finally:
        connection.close()


def test_with_a_sqlite_database_the_demo_clinic_shares_its_file_as_before(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    backend, seeded = open_demo(settings(clinic_bot_db=db))
    backend.close()
    assert seeded is not None
    assert "sandbox_appointments" in sandbox_tables(db)
    assert sorted(path.name for path in tmp_path.iterdir() if path.suffix == ".sqlite3") == ["bot.sqlite3"]


def test_with_postgresql_the_demo_clinic_is_in_sandbox_db_and_no_file_is_named_after_the_url(tmp_path: Path) -> None:
    sandbox = tmp_path / "state" / "sandbox.sqlite3"
    backend, _ = open_demo(settings(clinic_bot_db=POSTGRESQL, sandbox_db=str(sandbox)))
    backend.close()
    assert "sandbox_appointments" in sandbox_tables(sandbox)
    assert not any(path.name.startswith("postgres") for path in tmp_path.rglob("*")), "nothing made from the URL"


def test_with_postgresql_and_systemds_state_directory_the_demo_clinic_goes_there(tmp_path: Path) -> None:
    state = tmp_path / "var-lib-clinic-bot"
    state.mkdir()
    path, setting = settings(clinic_bot_db=POSTGRESQL, STATE_DIRECTORY=f"{state}:{tmp_path / 'other'}").sandbox_file()
    assert (path, setting) == (state / "sandbox.sqlite3", "STATE_DIRECTORY")


def test_with_postgresql_and_no_sandbox_file_start_up_says_to_set_sandbox_db() -> None:
    with pytest.raises(ConfigError) as refused:
        open_demo(settings(clinic_bot_db=POSTGRESQL))
    assert "SANDBOX_DB must be set" in str(refused.value)
    assert "same file" in str(refused.value), "the message says replicas must share it"


def test_a_url_as_sandbox_db_is_refused_by_name() -> None:
    with pytest.raises(ConfigError, match="SANDBOX_DB is invalid: it is a URL"):
        open_demo(settings(clinic_bot_db=POSTGRESQL, sandbox_db=POSTGRESQL))


def test_a_sandbox_db_that_cannot_be_written_is_refused_by_name_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(ConfigError) as refused:
        open_demo(settings(clinic_bot_db=POSTGRESQL, sandbox_db=str(blocker / "sandbox.sqlite3")))
    message = str(refused.value)
    assert message.startswith("SANDBOX_DB cannot hold the demo clinic"), message
    assert "Not a directory" in message or "File exists" in message, message


def test_two_replicas_on_one_sandbox_file_see_each_others_bookings(tmp_path: Path) -> None:
    """Two backends on one file, each with its own connections, as two `serve` processes would open it."""
    chosen = settings(clinic_bot_db=POSTGRESQL, sandbox_db=str(tmp_path / "sandbox.sqlite3"))
    first, _ = open_demo(chosen)
    second, seeded_again = open_demo(chosen)  # the second replica finds the clinic the first one seeded
    try:
        assert seeded_again is None
        now = datetime.combine(datetime.now(CHICAGO).date(), time(9, 0), tzinfo=CHICAGO)
        john = next(entry.appointment for entry in first.diary() if entry.appointment.patient.name == "John Smith")
        week = Window(start=now + timedelta(days=7), end=now + timedelta(days=14))
        [slot, later] = first.open_slots(john, week, now=now, limit=2)
        moved = first.reschedule(john, first.hold(john, slot, now=now), idempotency_key="k-1")
        assert second.get_appointment(john.id).start == moved.start == slot.start, "the second sees the first's move"
        again = second.reschedule(moved, second.hold(moved, later, now=now), idempotency_key="k-2")
        assert first.get_appointment(john.id).start == again.start == later.start, "and the first the second's"
    finally:
        first.close()
        second.close()


def test_a_sandbox_db_made_immutable_is_refused_by_name_as_read_only(tmp_path: Path) -> None:
    """Opened through the writability check (SQLite would touch its mapped -shm and die of SIGBUS)."""
    from tests.faults.cells import can_chattr

    why = can_chattr(tmp_path)
    if why is not None:
        pytest.skip(why)
    path = tmp_path / "sandbox.sqlite3"
    open_demo(settings(clinic_bot_db=POSTGRESQL, sandbox_db=str(path)))  # made and seeded once
    files = [str(candidate) for candidate in tmp_path.glob("sandbox.sqlite3*")]
    subprocess.run(["chattr", "+i", *files], check=True)
    try:
        with pytest.raises(ConfigError) as refused:
            open_demo(settings(clinic_bot_db=POSTGRESQL, sandbox_db=str(path)))
    finally:
        subprocess.run(["chattr", "-i", *files], check=True)
    message = str(refused.value)
    assert message.startswith("SANDBOX_DB cannot hold the demo clinic"), message
    assert "(read-only)" in message, message
