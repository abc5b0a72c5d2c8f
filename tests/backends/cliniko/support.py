"""Shared set-up for the Cliniko contract tests: a seeded stand-in and an adapter pointed at it.

Fixtures are in this folder's conftest (pytest knows them as `cliniko`, `backend`, `clinic`),
because the backends folder's conftest is shared with other vendors' suites.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.backends.cliniko import ClinikoBackend, ClinikoSettings
from bot.domain import Clock
from tests.backends.adapters import for_tests
from tests.fakes.cliniko_server import ClinikoStandIn

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # Tuesday, 8:00 AM in Chicago
TOMORROW_9AM = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # Wednesday, 9:00 AM in Chicago
USER_AGENT = "Riverside Clinic Bot (it@riverside.example)"


def at(hours: float, day: datetime = TOMORROW_9AM) -> datetime:
    """An instant `hours` after 9 AM Chicago tomorrow."""
    return day + timedelta(hours=hours)


@dataclass
class Clinic:
    """What the standard seed made: one business, Dr Park (Mon-Fri 9-5), a 30-minute type, Maria and John."""

    business: str
    practitioner: str
    standard: str
    maria: str
    john: str


def make_backend(server: ClinikoStandIn, *, clock: Clock | None = None, **overrides: Any) -> ClinikoBackend:
    """An adapter on the stand-in, on its test clock unless told otherwise, never really sleeping."""
    values: dict[str, Any] = {
        "base_url": server.base_url,
        "api_key": server.api_key,
        "user_agent": USER_AGENT,
        "timezone": "America/Chicago",
        **overrides,
    }
    return for_tests(ClinikoBackend, ClinikoSettings(**values), clock or server.current_time)


def seed(server: ClinikoStandIn) -> Clinic:
    business = server.add_business("Riverside Physiotherapy", zone="America/Chicago")
    practitioner = server.add_practitioner("Jane", "Park", title="Dr", businesses=[business])
    standard = server.add_appointment_type("Standard consultation", 30)
    maria = server.add_patient("Maria", "Lopez", date_of_birth="1985-03-14", phones=["+1 (512) 555-0101"])
    john = server.add_patient("John", "Smith", date_of_birth="1979-11-02", phones=["512 555 0199"])
    return Clinic(business, practitioner, standard, maria, john)
