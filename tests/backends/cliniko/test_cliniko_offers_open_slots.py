"""Staff are offered the times Cliniko itself shows as open, asked for at most 7 days per call."""

from datetime import date, timedelta

import pytest

from bot.backends.cliniko import ClinikoBackend
from bot.backends.errors import InvalidRequest
from bot.domain import Appointment, PatientQuery, Window
from tests.backends.cliniko.support import NOW, TOMORROW_9AM, Clinic, at
from tests.fakes.cliniko_server import ClinikoStandIn


def marias(cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend) -> Appointment:
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    [appointment] = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)
    return appointment


def test_open_times_come_in_the_clinics_zone_with_the_visits_length(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment = marias(cliniko, clinic, backend)
    cliniko.book_someone_else(at(1.5))

    slots = backend.open_slots(appointment, Window(start=at(1), end=at(3)), now=NOW, limit=10)

    assert [slot.start for slot in slots] == [at(1), at(2), at(2.5)]
    assert all(str(slot.start.tzinfo) == "America/Chicago" for slot in slots)
    assert all(slot.end - slot.start == timedelta(minutes=30) for slot in slots)
    assert {(slot.location_id, slot.practitioner_id) for slot in slots} == {(clinic.business, clinic.practitioner)}
    assert slots[0].key == "2026-12-02T16:00:00Z"
    [call] = cliniko.calls_to("available_times")
    assert call.path == (
        f"/v1/businesses/{clinic.business}/practitioners/{clinic.practitioner}"
        f"/appointment_types/{clinic.standard}/available_times"
    )
    assert (call.arg("from"), call.arg("to")) == ("2026-12-02", "2026-12-02")


def test_a_long_window_is_asked_for_in_calls_of_at_most_seven_days(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment = marias(cliniko, clinic, backend)
    cliniko.practitioners[clinic.practitioner].hours = {}  # nothing open: every day of the window is asked

    assert backend.open_slots(appointment, Window(start=NOW, end=NOW + timedelta(days=20)), now=NOW, limit=5) == []

    spans = [(call.arg("from"), call.arg("to")) for call in cliniko.calls_to("available_times")]
    assert spans == [("2026-12-01", "2026-12-07"), ("2026-12-08", "2026-12-14"), ("2026-12-15", "2026-12-21")]
    for first, last in spans:
        assert (date.fromisoformat(str(last)) - date.fromisoformat(str(first))).days <= 6


def test_asap_stops_asking_once_enough_times_are_found(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment = marias(cliniko, clinic, backend)
    slots = backend.open_slots(appointment, Window(start=NOW), now=NOW, limit=3)
    assert [slot.start for slot in slots] == [
        NOW + timedelta(hours=1),
        NOW + timedelta(hours=1.5),
        NOW + timedelta(hours=2),
    ]
    assert len(cliniko.calls_to("available_times")) == 1


def test_asap_looks_four_weeks_ahead_at_most(cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend) -> None:
    appointment = marias(cliniko, clinic, backend)
    cliniko.practitioners[clinic.practitioner].hours = {}
    assert backend.open_slots(appointment, Window(start=NOW), now=NOW, limit=3) == []
    assert len(cliniko.calls_to("available_times")) == 5  # 29 calendar days touched, 7 a call


def test_every_page_of_open_times_is_read(cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend) -> None:
    appointment = marias(cliniko, clinic, backend)
    cliniko.slot_step_minutes = 5  # 7 days of 5-minute starts: more than 100 a page

    slots = backend.open_slots(appointment, Window(start=NOW, end=NOW + timedelta(days=6)), now=NOW, limit=500)

    assert len(slots) > 100
    assert [call.arg("page") for call in cliniko.calls_to("available_times")][:2] == [None, "2"]
    assert slots == sorted(slots, key=lambda slot: slot.start)


def test_past_times_and_the_current_time_are_not_offered(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment = marias(cliniko, clinic, backend)
    cliniko.add_appointment(clinic.john, at(0.5))  # so 9:00 itself would be open if Maria were not there
    later = TOMORROW_9AM + timedelta(hours=1)
    slots = backend.open_slots(appointment, Window(start=NOW, end=at(2)), now=later, limit=10)
    assert [slot.start for slot in slots] == [at(1), at(1.5)]


def test_times_beyond_the_limit_are_not_offered(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment = marias(cliniko, clinic, backend)
    assert len(backend.open_slots(appointment, Window(start=at(1), end=at(6)), now=NOW, limit=2)) == 2
    assert backend.open_slots(appointment, Window(start=at(3), end=at(1)), now=NOW, limit=5) == []


def test_online_bookings_switched_off_is_explained(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment = marias(cliniko, clinic, backend)
    cliniko.practitioners[clinic.practitioner].show_in_online_bookings = False
    with pytest.raises(InvalidRequest, match="enabled for online bookings"):
        backend.open_slots(appointment, Window(start=at(1)), now=NOW, limit=5)


def test_a_business_without_its_own_zone_uses_the_accounts(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.businesses[clinic.business].update(time_zone=None, time_zone_identifier=None)
    cliniko.account["time_zone"] = "Eastern Time (US & Canada)"
    appointment = marias(cliniko, clinic, backend)
    assert appointment.location.timezone == "America/New_York"
    assert appointment.start.hour == 10


def test_cliniko_has_no_holds(cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend) -> None:
    appointment = marias(cliniko, clinic, backend)
    [slot] = backend.open_slots(appointment, Window(start=at(1), end=at(1)), now=NOW, limit=5)
    calls = len(cliniko.calls)
    hold = backend.hold(appointment, slot, now=NOW)
    backend.release(hold)
    assert hold.id == "" and hold.slot == slot and hold.expires_at is None
    assert len(cliniko.calls) == calls
