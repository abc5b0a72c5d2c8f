"""Shared set-up for the Solv contract tests: a seeded stand-in and an adapter pointed at it.

Fixtures are in this folder's conftest (pytest knows them as `solv`, `backend`, `ehr_backend`),
because the backends folder's conftest is shared with other vendors' suites.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.backends.solv import SolvBackend, SolvSettings
from bot.domain import Appointment, Clock, Hold, PatientQuery, Window
from tests.backends.adapters import for_tests
from tests.fakes.solv_server import SolvServer

LOCATION = 42
NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 8:00 AM in Chicago
TOMORROW_9AM = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # 9:00 AM in Chicago


def at(hours: float, day: datetime = TOMORROW_9AM) -> datetime:
    """An instant `hours` after 9 AM Chicago tomorrow."""
    return day + timedelta(hours=hours)


def make_backend(server: SolvServer, *, clock: Clock | None = None, **overrides: Any) -> SolvBackend:
    """An adapter on the stand-in, on its test clock unless told otherwise, never really sleeping."""
    values: dict[str, Any] = {
        "base_url": server.url,
        "client_id": server.client_id,
        "client_secret": server.client_secret,
        "location_id": LOCATION,
        "location_name": "Downtown Urgent Care",
        "timezone": "America/Chicago",
        **overrides,
    }
    settings = SolvSettings(**values)
    return for_tests(SolvBackend, settings, clock or (lambda: server.now))


def setup_move(solv: SolvServer, backend: SolvBackend, **booking: str) -> tuple[Appointment, int, Hold]:
    """A booking at 9:00 tomorrow (`booking`: its patient or EHR fields), found, with 11:00 held for it:
    (the appointment, its Solv number, the hold)."""
    solv.add_slot(LOCATION, TOMORROW_9AM)
    solv.add_slot(LOCATION, at(2))
    number = solv.add_booking(LOCATION, TOMORROW_9AM, **booking)
    [appointment] = backend.find_appointments(PatientQuery(booking_ref=str(number)), around=None, now=NOW)
    [slot] = backend.open_slots(appointment, Window(start=at(1)), now=NOW, limit=5)
    return appointment, number, backend.hold(appointment, slot, now=NOW)


def ehr_move(solv: SolvServer, backend: SolvBackend) -> tuple[Appointment, int, Hold]:
    """`setup_move` for a booking linked to the clinic's EHR (reference EHR/77 at EXT-LOC-1)."""
    return setup_move(solv, backend, emr_booking_id="EHR/77", external_location_id="EXT-LOC-1")
