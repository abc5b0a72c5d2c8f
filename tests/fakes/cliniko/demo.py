"""The demo clinic the stand-in serves on its own (end-to-end tests, `check-backend --deep`, trying the bot).

Riverside Physiotherapy (America/Chicago), Dr Jane Park working every day
8 AM-6 PM, Maria Lopez (born 1985-03-14, +1 512 555 0101) booked in two days
at 10:00 and John Smith (born 1979-11-02, +1 512 555 0199) in three days at
14:00.
"""

from __future__ import annotations

from datetime import date
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from tests.fakes.cliniko.seeding import demo_times
from tests.fakes.cliniko.server import ClinikoStandIn
from tests.fakes.standalone import known_variant

DEMO_API_KEY = "MS0xLWRlbW8tY2xpbmlrby1rZXk-au1"
DEMO_USER_AGENT = "Clinic Bot demo (it@clinic.example)"
VARIANTS = {
    "docs": "the docs' own shapes: absolute list links, relative available_times links, code 31 accepted",
    "absolute-links": "every next link absolute",
    "host-relative-links": "every next link host-relative (/v1/...)",
    "relative-links": "every next link relative without /v1",
    "next-drops-filters": "next links forget the q[] filters",
    "no-code-31": "cancel reason 31 refused (as in one published list)",
    "settings-hidden": "GET /settings answers 403 (a user who may not view settings)",
}
"""Switchable behaviours for where the docs are silent, by name (`python -m tests.fakes.cliniko_server --variant`)."""


def with_variant(server: ClinikoStandIn, variant: str) -> ClinikoStandIn:
    known_variant("Cliniko", VARIANTS, variant)
    if variant.endswith("-links"):
        server.links_style = variant.removesuffix("-links")
    elif variant == "next-drops-filters":
        server.next_keeps_filters = False
    elif variant == "no-code-31":
        server.refuse_code(31)
    elif variant == "settings-hidden":
        server.settings_visible = False
    return server


def demo_clinic(today: date, *, api_key: str = DEMO_API_KEY) -> ClinikoStandIn:
    """A small clinic whose appointments lie ahead of `today`, open every day so any test day works."""
    server = ClinikoStandIn(api_key=api_key)
    zone = ZoneInfo("America/Chicago")
    business = server.add_business("Riverside Physiotherapy", zone="America/Chicago")
    park = server.add_practitioner(
        "Jane", "Park", title="Dr", businesses=[business], opens=clock_time(8), closes=clock_time(18), weekdays=range(7)
    )
    standard = server.add_appointment_type("Standard consultation", 30)
    server.add_appointment_type("Initial assessment", 60)
    maria = server.add_patient("Maria", "Lopez", date_of_birth="1985-03-14", phones=["+1 512 555 0101"])
    john = server.add_patient("John", "Smith", date_of_birth="1979-11-02", phones=["+1 512 555 0199"])
    at = demo_times(today, zone)
    server.add_appointment(maria, at(2, 10), practitioner_id=park, appointment_type_id=standard)
    server.add_appointment(john, at(3, 14), practitioner_id=park, appointment_type_id=standard)
    return server
