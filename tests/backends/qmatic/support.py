"""Shared set-up for the Qmatic contract tests: a seeded stand-in and an adapter pointed at it.

Fixtures are in this folder's conftest (pytest knows them as `qmatic`, `backend`, `combo_backend`),
because the backends folder's conftest is shared with other vendors' suites.

The clinic: branch "Centrum" in Stockholm (configured), branch "Södermalm"
(same tenant, not configured), a 30-minute consultation, open every half hour
from 9:00 to 17:00 tomorrow; Maria Lopez (personal identifier PID) is booked
tomorrow at 10:00.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.backends.qmatic import QmaticBackend, QmaticSettings
from bot.domain import Appointment, Clock, Hold, PatientQuery, Slot, Window
from tests.backends.adapters import for_tests
from tests.fakes.qmatic_server import QmaticServer

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=STOCKHOLM)
TOMORROW_9AM = datetime(2026, 12, 2, 9, 0, tzinfo=STOCKHOLM)
BRANCH = "0b6f1c9e-1111-4a2b-9c3d-000000000001"
OTHER_BRANCH = "0b6f1c9e-1111-4a2b-9c3d-000000000002"
CONSULT = "5e2d7a10-2222-4b3c-8d4e-000000000001"
XRAY = "5e2d7a10-2222-4b3c-8d4e-000000000002"
PID = "PID19850312ML"


def at(hours: float) -> datetime:
    """An instant `hours` after 9:00 tomorrow in Stockholm."""
    return TOMORROW_9AM + timedelta(hours=hours)


def make_backend(server: QmaticServer, *, clock: Clock | None = None, **overrides: Any) -> QmaticBackend:
    """An adapter on the stand-in, on its test clock unless told otherwise, never really sleeping."""
    values: dict[str, Any] = {
        "base_url": f"{server.url}/external/v1",
        "client_id": server.client_id,
        "client_secret": server.client_secret,
        "account": server.account,
        "tenant_id": server.tenant_id,
        "branch_ids": [BRANCH],
        "timezone": "America/Chicago",
        **overrides,
    }
    return for_tests(QmaticBackend, QmaticSettings(**values), clock or (lambda: server.now))


def seed(server: QmaticServer) -> None:
    server.now = NOW
    server.add_branch("Centrum", "Europe/Stockholm", branch_id=BRANCH)
    server.add_branch("Södermalm", "Europe/Stockholm", branch_id=OTHER_BRANCH)
    server.add_service("Consultation", 30, service_id=CONSULT)
    server.add_service("X-ray", 30, service_id=XRAY)
    server.add_openings(BRANCH, TOMORROW_9AM, count=16, minutes=30)


def book_maria(server: QmaticServer, start: datetime | None = None, **extra: Any) -> str:
    return server.add_appointment(
        PID, start or at(1), branch_id=extra.pop("branch_id", BRANCH), service_ids=(CONSULT,), **extra
    )


def find(backend: QmaticBackend, personal_id: str = PID, **kwargs: Any) -> list[Appointment]:
    return backend.find_appointments(
        PatientQuery(personal_id=personal_id), around=kwargs.get("around"), now=kwargs.get("now", NOW)
    )


def slots(backend: QmaticBackend, appointment: Appointment, start: float = 0, end: float = 8) -> list[Slot]:
    return backend.open_slots(appointment, Window(start=at(start), end=at(end)), now=NOW, limit=20)


def held(server: QmaticServer, backend: QmaticBackend, hours: float = 3) -> tuple[Appointment, Hold]:
    """Maria's appointment, found, with the time `hours` after 9:00 tomorrow held for it."""
    book_maria(server)
    [appointment] = find(backend)
    [slot] = [slot for slot in slots(backend, appointment) if slot.start == at(hours)]
    return appointment, backend.hold(appointment, slot, now=server.now)
