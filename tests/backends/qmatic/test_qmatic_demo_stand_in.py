"""The Qmatic stand-in as end-to-end tests use it: demo data, the bot's own settings, control over HTTP."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.backends import build_backend
from bot.backends.errors import BackendUnavailable, HoldExpired
from bot.backends.qmatic import QmaticBackend
from bot.config import Settings, load
from bot.domain import PatientQuery, Window
from tests.fakes.qmatic_server import (
    DEMO_APPOINTMENT_ID,
    DEMO_PERSONAL_ID,
    DEMO_SECOND_PERSONAL_ID,
    QmaticStandIn,
)
from tests.fakes.stub_server import running


@pytest.fixture
def stand_in() -> Iterator[QmaticStandIn]:
    yield from running(QmaticStandIn.with_demo_data(datetime.now(UTC).date()))


@pytest.fixture
def bot_backend(stand_in: QmaticStandIn, monkeypatch: pytest.MonkeyPatch) -> Iterator[QmaticBackend]:
    """Built exactly as `clinic-bot serve` builds it, from BOOKING_BACKEND and the stand-in's QMATIC_* lines."""
    monkeypatch.setenv("BOOKING_BACKEND", "qmatic")
    monkeypatch.delenv("QMATIC_TIMEZONE", raising=False)
    monkeypatch.delenv("QMATIC_LANGUAGE", raising=False)
    for name, value in stand_in.env().items():
        monkeypatch.setenv(name, value)
    backend = build_backend(load(Settings))
    assert isinstance(backend, QmaticBackend)
    yield backend
    backend.close()


def test_the_demo_patients_are_found_by_their_personal_identifiers(bot_backend: QmaticBackend) -> None:
    now = datetime.now(UTC)
    [maria] = bot_backend.find_appointments(PatientQuery(personal_id=DEMO_PERSONAL_ID), around=None, now=now)
    [john] = bot_backend.find_appointments(PatientQuery(personal_id=DEMO_SECOND_PERSONAL_ID), around=None, now=now)
    assert maria.id == DEMO_APPOINTMENT_ID and maria.patient.name == "Maria Lopez"
    assert john.patient.name == "John Smith"
    assert maria.location.name == "Northside Clinic" and maria.location.timezone == "America/Chicago"
    local = maria.start.astimezone(ZoneInfo("America/Chicago"))
    assert local.date() == now.date() + timedelta(days=1)  # the stand-in was seeded with today's UTC date
    assert (local.hour, local.minute) == (10, 0) and (john.start - maria.start) == timedelta(hours=1)


def test_a_hold_expired_from_outside_books_nothing(stand_in: QmaticStandIn, bot_backend: QmaticBackend) -> None:
    now = datetime.now(UTC)
    [maria] = bot_backend.find_appointments(PatientQuery(personal_id=DEMO_PERSONAL_ID), around=None, now=now)
    window = Window(start=maria.start + timedelta(days=1), end=maria.start + timedelta(days=2))
    slot = bot_backend.open_slots(maria, window, now=now, limit=3)[0]
    hold = bot_backend.hold(maria, slot, now=now)

    answer = httpx.post(f"{stand_in.url}/_test/expire-reservations")

    assert answer.json() == {"expired": [hold.id]}
    with pytest.raises(HoldExpired):
        bot_backend.reschedule(maria, hold, idempotency_key="k1")
    state = httpx.get(f"{stand_in.url}/_test/state").json()
    [stored] = [a for a in state["appointments"] if a["appointmentId"] == maria.id]
    assert stored["timeSlot"]["startTime"] == maria.start.isoformat()
    assert [r["state"] for r in state["reservations"]] == ["EXPIRED"]


def test_advancing_the_clock_from_outside_lapses_holds(stand_in: QmaticStandIn, bot_backend: QmaticBackend) -> None:
    now = datetime.now(UTC)
    [maria] = bot_backend.find_appointments(PatientQuery(personal_id=DEMO_PERSONAL_ID), around=None, now=now)
    slot = bot_backend.open_slots(maria, Window(start=maria.start + timedelta(hours=1)), now=now, limit=1)[0]
    hold = bot_backend.hold(maria, slot, now=now)

    httpx.post(f"{stand_in.url}/_test/advance", json={"seconds": 16 * 60})

    assert stand_in.active_reservations() == []
    assert stand_in.now - datetime.now(UTC) > timedelta(minutes=15)
    with pytest.raises(HoldExpired):
        bot_backend.reschedule(maria, hold, idempotency_key="k1")


def test_a_fault_can_be_injected_from_outside(stand_in: QmaticStandIn, bot_backend: QmaticBackend) -> None:
    for _ in range(3):
        httpx.post(f"{stand_in.url}/_test/fail", json={"route": "get", "status": 503})
    with pytest.raises(BackendUnavailable, match="server error"):
        bot_backend.get_appointment(DEMO_APPOINTMENT_ID)
    assert bot_backend.get_appointment(DEMO_APPOINTMENT_ID).id == DEMO_APPOINTMENT_ID


def test_the_demo_clinic_is_open_every_day_for_two_weeks() -> None:
    today = date(2026, 12, 1)
    server = QmaticStandIn.with_demo_data(today)
    days = {opening.start.date() for opening in server.openings}
    assert days == {today + timedelta(days=offset) for offset in range(14)}
    assert len(server.openings) == 14 * 16
