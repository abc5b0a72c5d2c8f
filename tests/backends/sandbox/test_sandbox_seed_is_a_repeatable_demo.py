"""The demo clinic: the same day gives the same data, and the README's commands work whatever the weekday."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.backends.sandbox import SandboxBackend, build, seed
from bot.config import Settings
from bot.domain import Cancellation, PatientQuery, Window
from bot.nlu.parser import parse_request
from bot.store import AuditEntry
from bot.store.sqlite import SQLiteStore as Store
from tests.backends.sandbox.support import CHICAGO, NOW, TODAY


def diary(db_path: Path) -> list[tuple[object, ...]]:
    backend = SandboxBackend(db_path)
    try:
        return [(e.appointment.model_dump_json(), e.cancel_reason, e.cancel_note) for e in backend.diary()]
    finally:
        backend.close()


def test_the_same_day_seeds_the_same_clinic(tmp_path: Path) -> None:
    seed(tmp_path / "a.sqlite3", TODAY)
    seed(tmp_path / "b.sqlite3", TODAY)
    assert diary(tmp_path / "a.sqlite3") == diary(tmp_path / "b.sqlite3")
    seed(tmp_path / "c.sqlite3", TODAY + timedelta(days=1))
    assert diary(tmp_path / "c.sqlite3") != diary(tmp_path / "a.sqlite3")


def test_the_clinic_has_two_zones_three_practitioners_and_visits_of_several_lengths(db_path: Path) -> None:
    summary = seed(db_path, TODAY)
    entries = SandboxBackend(db_path).diary()
    appointments = [e.appointment for e in entries]
    zones = {item.location.name: item.location.timezone for item in appointments}
    assert zones == {"Riverside Clinic": "America/Chicago", "Harbor Clinic": "America/Los_Angeles"}
    assert len({item.practitioner for item in appointments}) == 3 == summary.practitioners
    assert {item.service.duration_minutes for item in appointments} == {15, 30, 60}
    assert summary.locations == ["Riverside Clinic (America/Chicago)", "Harbor Clinic (America/Los_Angeles)"]


def test_the_patients_include_two_maria_lopez_a_john_smith_and_shared_last_names(db_path: Path) -> None:
    summary = seed(db_path, TODAY)
    patients = {e.appointment.patient for e in SandboxBackend(db_path).diary()}
    assert summary.patients == 40 and 30 <= len(patients) <= 40
    marias = [p for p in patients if p.name == "Maria Lopez"]
    assert len(marias) == 2 and marias[0].date_of_birth != marias[1].date_of_birth
    assert [p.name for p in patients].count("John Smith") == 1
    last_names = Counter(p.name.split()[-1] for p in patients)
    assert sum(1 for count in last_names.values() if count > 1) >= 3
    assert all(p.phone and "555" in p.phone and p.date_of_birth for p in patients)


def test_the_diary_has_past_cancelled_and_three_weeks_of_upcoming_appointments(db_path: Path) -> None:
    summary = seed(db_path, TODAY)
    appointments = [e.appointment for e in SandboxBackend(db_path).diary()]
    start_of_today = datetime(2026, 3, 4, tzinfo=CHICAGO)
    assert summary.past > 0 and any(item.end < start_of_today for item in appointments)
    assert summary.cancelled == sum(item.status == "cancelled" for item in appointments) > 0
    upcoming = [item for item in appointments if item.start >= start_of_today and item.status == "booked"]
    assert max(item.start for item in upcoming) > start_of_today + timedelta(days=17)
    assert max(item.start for item in upcoming) < start_of_today + timedelta(days=29)


def test_reseeding_replaces_the_demo_and_leaves_the_bots_own_records(db_path: Path) -> None:
    store = Store(db_path)
    entry = AuditEntry(
        at=datetime(2026, 3, 4, tzinfo=UTC), slack_user="U1", backend="sandbox", action="cancel",
        appointment_id="apt-0003", outcome="applied",
    )  # fmt: skip
    store.audit(entry)
    seed(db_path, TODAY)
    once = diary(db_path)
    backend = SandboxBackend(db_path)
    [john] = backend.find_appointments(
        PatientQuery(name="john smith"), around=None, now=datetime(2026, 3, 4, tzinfo=UTC)
    )
    backend.cancel(john, Cancellation(), idempotency_key="c1")
    seed(db_path, TODAY)
    assert diary(db_path) == once
    assert store.audit_entries() == [entry]


@pytest.mark.parametrize("offset", range(7), ids=lambda n: (TODAY + timedelta(days=n)).strftime("%A"))
def test_the_readme_commands_find_their_appointment_whatever_the_weekday(db_path: Path, offset: int) -> None:
    today = TODAY + timedelta(days=offset)
    seed(db_path, today)
    backend = SandboxBackend(db_path)
    now = datetime(today.year, today.month, today.day, 10, 0, tzinfo=CHICAGO)

    moving = parse_request("/reschedule maria lopez from tue 3pm to fri morning", now, "America/Chicago")
    assert moving.current is not None and moving.target is not None and moving.patient.name
    around = Window(start=moving.current.start, end=moving.current.end)
    [maria] = backend.find_appointments(PatientQuery(name=moving.patient.name), around=around, now=now)
    target = Window(start=moving.target.start, end=moving.target.end)
    assert len(backend.open_slots(maria, target, now=now, limit=5)) == 5

    cancelling = parse_request("/cancel john smith tmrw, feeling better", now, "America/Chicago")
    assert cancelling.current is not None and cancelling.patient.name
    around = Window(start=cancelling.current.start, end=cancelling.current.end)
    [john] = backend.find_appointments(PatientQuery(name=cancelling.patient.name), around=around, now=now)
    assert john.start.date() == today + timedelta(days=1)


def test_the_demo_works_when_the_clinic_is_on_the_west_coast(db_path: Path) -> None:
    summary = seed(db_path, TODAY, "America/Los_Angeles")
    assert summary.locations == ["Riverside Clinic (America/Los_Angeles)", "Harbor Clinic (America/New_York)"]
    tuesday_3pm = datetime(2026, 3, 10, 15, tzinfo=ZoneInfo("America/Los_Angeles"))
    found = SandboxBackend(db_path).find_appointments(
        PatientQuery(name="maria lopez"), around=Window(start=tuesday_3pm, end=tuesday_3pm), now=NOW
    )
    assert [item.location.name for item in found] == ["Riverside Clinic"]


def test_the_backend_built_from_settings_seeds_an_empty_file_once(db_path: Path) -> None:
    settings = Settings(clinic_bot_db=db_path, _env_file=None)
    backend = build(settings)
    status = backend.check()
    assert status.upcoming_appointments and len(status.locations) == 2
    before = diary(db_path)
    build(settings)
    assert diary(db_path) == before


def test_an_empty_sandbox_says_how_to_seed_it(db_path: Path) -> None:
    status = SandboxBackend(db_path).check()
    assert status.locations == () and "sandbox seed" in status.detail
    assert (
        SandboxBackend(db_path).find_appointments(
            PatientQuery(name="maria lopez"), around=None, now=datetime(2026, 3, 4, tzinfo=UTC)
        )
        == []
    )
