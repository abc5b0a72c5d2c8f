"""Cliniko pages are followed through `links.next` in every shape its docs write them, on the configured host only.

The readme's example writes the link absolute, the available_times example
relative without host or `/v1`; a proxy may hand on host-relative ones. And
the docs never say the link keeps the `q[]` filters, so every page's items
are checked again against the patient asked for.
"""

from datetime import datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest

from bot.backends.cliniko import ClinikoBackend
from bot.backends.errors import BackendUnavailable
from bot.domain import PatientQuery, Window
from tests.backends.cliniko.support import NOW, TOMORROW_9AM, Clinic
from tests.fakes.cliniko_server import ClinikoStandIn

CHICAGO = ZoneInfo("America/Chicago")


def open_all_week(cliniko: ClinikoStandIn, clinic: Clinic) -> None:
    """Dr Park works 8 AM to 6 PM every day in 15-minute steps: 39 starts a day, 273 in a week."""
    cliniko.practitioners[clinic.practitioner].hours = {day: (clock_time(8), clock_time(18)) for day in range(7)}
    cliniko.slot_step_minutes = 15


def test_a_week_with_more_than_100_open_times_is_read_through_relative_next_links(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    open_all_week(cliniko, clinic)
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    [appointment] = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)
    week = datetime(2026, 12, 2, tzinfo=CHICAGO)

    offered = backend.open_slots(appointment, Window(start=week, end=week + timedelta(days=7)), now=NOW, limit=500)

    assert len(offered) == 7 * 39 - 3  # every open start of the week but the three its own half hour blocks
    assert offered[-1].start == datetime(2026, 12, 8, 17, 30, tzinfo=CHICAGO)
    pages = cliniko.calls_to("available_times")
    assert [call.arg("page") for call in pages] == [None, "2", "3"]
    assert {call.path for call in pages} == {pages[0].path}  # the relative link, asked under the base URL's /v1
    assert pages[0].path.startswith("/v1/businesses/")


@pytest.mark.parametrize("style", ["absolute", "host-relative", "relative", "docs"])
def test_every_page_of_a_patients_appointments_is_read_whatever_the_links_shape(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend, style: str
) -> None:
    cliniko.links_style = style
    for day in range(120):
        cliniko.add_appointment(clinic.maria, TOMORROW_9AM + timedelta(days=day))

    found = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)

    assert len(found) == 120
    assert [call.arg("page") for call in cliniko.calls_to("list_appointments")] == [None, "2"]


def test_a_next_link_that_forgets_the_filters_adds_nobody_elses_appointments(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.next_keeps_filters = False
    for day in range(120):
        cliniko.add_appointment(clinic.maria, TOMORROW_9AM + timedelta(days=day))
        cliniko.add_appointment(clinic.john, TOMORROW_9AM + timedelta(days=day, hours=2))

    found = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)

    assert len(found) == 120
    assert {appointment.patient.name for appointment in found} == {"Maria Lopez"}
    second = cliniko.calls_to("list_appointments")[1]
    assert "q[]" not in second.query  # the stand-in really dropped them


def test_a_next_link_to_another_kind_of_record_is_not_followed(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(120):
        cliniko.add_appointment(clinic.maria, TOMORROW_9AM + timedelta(days=day))
    monkeypatch.setattr(cliniko, "_page_link", lambda request, collection, page: "/v1/settings?page=2")

    with pytest.raises(BackendUnavailable, match="could not read"):
        backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)

    assert cliniko.calls_to("settings") == []
