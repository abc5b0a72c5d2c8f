"""The Cliniko stand-in starts on its own with a demo clinic, so end-to-end runs can point `clinic-bot` at it."""

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.backends.cliniko import build
from bot.config import Settings, load
from bot.domain import PatientQuery, Window
from tests.fakes.cliniko_server import ClinikoStandIn

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> Iterator[ClinikoStandIn]:
    today = datetime.now(ZoneInfo("America/Chicago")).date()
    server = ClinikoStandIn.with_demo_data(today).start()
    for name in ("CLINIKO_TIMEZONE", "CLINIKO_BUSINESS_IDS", "CLINIC_TZ"):
        monkeypatch.delenv(name, raising=False)
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    yield server
    server.stop()


def test_the_demo_clinic_has_maria_and_john_booked_ahead(demo: ClinikoStandIn) -> None:
    backend = build(load(Settings))
    now = datetime.now(UTC)

    [maria] = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=now)
    [john] = backend.find_appointments(PatientQuery(name="John Smith"), around=None, now=now)

    assert (maria.start.hour, john.start.hour) == (10, 14)
    assert maria.start.date() - now.astimezone(ZoneInfo("America/Chicago")).date() == timedelta(days=2)
    assert maria.practitioner is not None and maria.practitioner.name == "Dr Jane Park"
    slots = backend.open_slots(maria, Window(start=maria.start + timedelta(days=1)), now=now, limit=3)
    assert len(slots) == 3
    moved = backend.reschedule(maria, backend.hold(maria, slots[0], now=now), idempotency_key="demo")
    assert moved.start == slots[0].start
    assert backend.check().upcoming_appointments == 2
    backend.close()


def test_started_from_a_shell_it_prints_what_to_export() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.cliniko_server"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(5)]
    finally:
        process.terminate()
        process.wait(timeout=5)
    exported = dict(line.removeprefix("export ").split("=", 1) for line in lines[:4])
    assert exported["BOOKING_BACKEND"] == "'cliniko'"
    assert exported["CLINIKO_BASE_URL"].startswith("'http://127.0.0.1:")
    assert set(exported) == {"BOOKING_BACKEND", "CLINIKO_BASE_URL", "CLINIKO_API_KEY", "CLINIKO_USER_AGENT"}
    assert lines[4].startswith("# Cliniko stand-in (docs) serving the demo clinic")
