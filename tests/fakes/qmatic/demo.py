"""The demo clinic the Qmatic stand-in serves on its own, and its switchable variants.

One branch, "Northside Clinic", open 9-17 every day; Maria Lopez
(DEMO_PERSONAL_ID) has a consultation tomorrow at 10:00 and John Smith
(DEMO_SECOND_PERSONAL_ID) one at 11:00. With combinations, Eva Berg
(DEMO_COMBINED_PERSONAL_ID) has a consultation + X-ray (60 minutes) the day
after tomorrow at 13:00.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.fakes.qmatic.server import QmaticServer
from tests.fakes.standalone import Variant, sets, switched

DEMO_BRANCH_ID = "7c1e2b4a-0001-4b6e-9a51-00000000b001"
DEMO_SERVICE_ID = "7c1e2b4a-0002-4b6e-9a51-00000000s001"
DEMO_XRAY_ID = "7c1e2b4a-0002-4b6e-9a51-00000000s002"
DEMO_APPOINTMENT_ID = "7c1e2b4a-0003-4b6e-9a51-00000000a001"
DEMO_SECOND_APPOINTMENT_ID = "7c1e2b4a-0003-4b6e-9a51-00000000a002"
DEMO_COMBINED_APPOINTMENT_ID = "7c1e2b4a-0003-4b6e-9a51-00000000a003"
DEMO_PERSONAL_ID = "DEMO19850312ML"
DEMO_SECOND_PERSONAL_ID = "DEMO19790101JS"
DEMO_COMBINED_PERSONAL_ID = "DEMO19900505EB"
VARIANTS: dict[str, Variant[QmaticServer]] = {
    "docs": Variant("the guides' shapes: one `service` object, the combination timeslot path as published"),
    "services-array": Variant("service-combination appointments carry a `services` array", sets(service_shape="array")),
    "timeslots-by-branch": Variant(
        "the combination timeslot path carries the branch id", sets(timeslot_path="by-branch")
    ),
    "branches-refused": Variant("GET /branches answers 403", sets(branches_refusal=403)),
    "branches-missing": Variant("GET /branches answers 404", sets(branches_refusal=404)),
}
"""Switchable behaviours for where the guides are silent, by name (`python -m tests.fakes.qmatic_server --variant`)."""


def with_variant(server: QmaticServer, variant: str) -> QmaticServer:
    return switched("Qmatic", VARIANTS, server, variant)


def demo_clinic(today: date, *, zone: str = "America/Chicago", days: int = 14) -> QmaticServer:
    """A clinic for end-to-end runs whose clock follows the real one."""
    server = QmaticServer()
    tz = ZoneInfo(zone)
    branch = server.add_branch("Northside Clinic", zone, branch_id=DEMO_BRANCH_ID)
    service = server.add_service("General consultation", 30, service_id=DEMO_SERVICE_ID)
    xray = server.add_service("X-ray", 30, service_id=DEMO_XRAY_ID)
    for offset in range(days):
        day = today + timedelta(days=offset)
        server.add_openings(branch, datetime.combine(day, time(9), tz), count=16, minutes=30)
    tomorrow = today + timedelta(days=1)
    server.add_appointment(
        DEMO_PERSONAL_ID,
        datetime.combine(tomorrow, time(10), tz),
        branch_id=branch,
        service_ids=(service,),
        appointment_id=DEMO_APPOINTMENT_ID,
    )
    server.add_appointment(
        DEMO_SECOND_PERSONAL_ID,
        datetime.combine(tomorrow, time(11), tz),
        branch_id=branch,
        service_ids=(service,),
        first_name="John",
        last_name="Smith",
        date_of_birth="1979-01-01",
        email="john@example.org",
        appointment_id=DEMO_SECOND_APPOINTMENT_ID,
    )
    server.add_appointment(
        DEMO_COMBINED_PERSONAL_ID,
        datetime.combine(today + timedelta(days=2), time(13), tz),
        branch_id=branch,
        service_ids=(service, xray),
        first_name="Eva",
        last_name="Berg",
        date_of_birth="1990-05-05",
        email="eva@example.org",
        appointment_id=DEMO_COMBINED_APPOINTMENT_ID,
    )
    return server
