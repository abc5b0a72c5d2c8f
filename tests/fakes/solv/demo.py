"""The demo urgent care the Solv stand-in serves on its own, and its switchable variants.

Location 42, "Solv Urgent Care – Downtown" (America/Chicago), half-hourly
slots 9-17 for two weeks from today; Maria Lopez's Solv booking #48213 in
two days at 10:00, and John Smith's EHR-linked booking #48214 (EHR reference
77031 at EHR location EXT-LOC-1) in three days at 11:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.fakes.solv.server import SolvServer
from tests.fakes.standalone import Variant, sets, switched

DEMO_LOCATION = 42
DEMO_NATIVE_BOOKING = 48213
DEMO_EHR_BOOKING = 48214
DEMO_EHR_REFERENCE = "77031"
DEMO_EXTERNAL_LOCATION = "EXT-LOC-1"
DEMO_ZONE = ZoneInfo("America/Chicago")
VARIANTS: dict[str, Variant[SolvServer]] = {
    "reads": Variant("the partner may read bookings (GET /v1/partner/bookings/{id} answers)"),
    **{
        f"no-reads-{how}": Variant(what, lambda server, how=how: server.without_booking_reads(how))
        for how, what in (
            ("missing", "the booking read answers 404 Not Found, as a path Solv does not serve"),
            ("method", "the booking read answers 405"),
            ("scope", "the token never carries read:bookings: the booking read answers 403"),
        )
    },
    "envelope": Variant("answers wrapped as {meta, data}, as the quick start says", sets(envelope=True)),
}
"""Switchable behaviours for where the docs are silent, by name (`python -m tests.fakes.solv_server --variant`)."""


def with_variant(server: SolvServer, variant: str) -> SolvServer:
    return switched("Solv", VARIANTS, server, variant)


def demo_clinic(today: date) -> SolvServer:
    server = SolvServer()
    server.now = datetime.now(UTC)
    server.add_location(DEMO_LOCATION, "Solv Urgent Care – Downtown")
    server.add_open_days(DEMO_LOCATION, today, 14, DEMO_ZONE)
    two_days, three_days = today + timedelta(days=2), today + timedelta(days=3)
    server.add_booking(
        DEMO_LOCATION, datetime.combine(two_days, time(10), DEMO_ZONE), booking_id=DEMO_NATIVE_BOOKING,
        first_name="Maria", last_name="Lopez",
    )  # fmt: skip
    server.add_booking(
        DEMO_LOCATION, datetime.combine(three_days, time(11), DEMO_ZONE), booking_id=DEMO_EHR_BOOKING,
        first_name="John", last_name="Smith",
        emr_booking_id=DEMO_EHR_REFERENCE, external_location_id=DEMO_EXTERNAL_LOCATION,
    )  # fmt: skip
    return server


def demo_environment(server: SolvServer) -> dict[str, str]:
    """The SOLV_* settings for the demo, EHR link included."""
    return server.environment(
        DEMO_LOCATION,
        SOLV_TIMEZONE="America/Chicago",
        SOLV_LOCATION_NAME="Solv Urgent Care – Downtown",
        SOLV_EXTERNAL_LOCATION_ID=DEMO_EXTERNAL_LOCATION,
        SOLV_SERVICE_ID="8",
    )
