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
from tests.fakes.standalone import Variant, sets, switched

DEMO_API_KEY = "MS0xLWRlbW8tY2xpbmlrby1rZXk-au1"
DEMO_USER_AGENT = "Clinic Bot demo (it@clinic.example)"
VARIANTS: dict[str, Variant[ClinikoStandIn]] = {
    "docs": Variant("the docs' own shapes: absolute list links, relative available_times links, code 31 accepted"),
    "absolute-links": Variant("every next link absolute", sets(links_style="absolute")),
    "host-relative-links": Variant("every next link host-relative (/v1/...)", sets(links_style="host-relative")),
    "relative-links": Variant("every next link relative without /v1", sets(links_style="relative")),
    "next-drops-filters": Variant("next links forget the q[] filters", sets(next_keeps_filters=False)),
    "no-code-31": Variant("cancel reason 31 refused (as in one published list)", lambda server: server.refuse_code(31)),
    "settings-hidden": Variant(
        "GET /settings answers 403 (a user who may not view settings)", sets(settings_visible=False)
    ),
}
"""Switchable behaviours for where the docs are silent, by name (`python -m tests.fakes.cliniko_server --variant`)."""


def with_variant(server: ClinikoStandIn, variant: str) -> ClinikoStandIn:
    return switched("Cliniko", VARIANTS, server, variant)


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
