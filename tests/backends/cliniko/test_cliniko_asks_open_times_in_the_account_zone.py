"""Cliniko reads available_times' `from`/`to` as days of the account's zone: the bot asks in that zone.

A business west of its account's zone (Los Angeles under a New York account)
would otherwise lose its evening times (they fall on the next account day)
and, late in its evening, ask for a day that is already over where the
account is, which Cliniko answers with a 400.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest

from bot.backends.cliniko import ClinikoBackend
from bot.domain import Appointment, PatientQuery, Window
from tests.backends.cliniko.support import make_backend
from tests.fakes.cliniko_server import ClinikoStandIn

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
LATE_EVENING = datetime(2026, 12, 1, 22, 30, tzinfo=LOS_ANGELES)  # already Dec 2, 1:30 AM in New York


@pytest.fixture
def west(cliniko: ClinikoStandIn) -> Iterator[ClinikoBackend]:
    """A New York account whose Venice Beach business (Los Angeles) opens 9 AM to 9 PM every day."""
    cliniko.now = LATE_EVENING.astimezone(UTC)
    cliniko.set_account_zone("America/New_York")
    venice = cliniko.add_business("Venice Beach Physio", zone="America/Los_Angeles")
    cliniko.add_practitioner(
        "Ana", "Ruiz", businesses=[venice], opens=clock_time(9), closes=clock_time(21), weekdays=range(7)
    )
    cliniko.add_appointment_type("Standard consultation", 30)
    maria = cliniko.add_patient("Maria", "Lopez", date_of_birth="1985-03-14")
    cliniko.add_appointment(maria, datetime(2026, 12, 3, 10, tzinfo=LOS_ANGELES))
    backend = make_backend(cliniko, clock=lambda: LATE_EVENING, timezone="America/Los_Angeles")
    yield backend
    backend.close()


def marias(backend: ClinikoBackend) -> Appointment:
    [appointment] = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=LATE_EVENING)
    return appointment


def test_a_business_west_of_the_account_zone_is_offered_its_evening_times(
    cliniko: ClinikoStandIn, west: ClinikoBackend
) -> None:
    appointment = marias(west)
    day = datetime(2026, 12, 2, tzinfo=LOS_ANGELES)

    offered = west.open_slots(appointment, Window(start=day, end=day + timedelta(days=1)), now=LATE_EVENING, limit=50)

    assert offered[0].start == datetime(2026, 12, 2, 9, tzinfo=LOS_ANGELES)
    assert offered[-1].start == datetime(2026, 12, 2, 20, 30, tzinfo=LOS_ANGELES)  # after 9 PM in New York
    assert len(offered) == 24
    [call] = cliniko.calls_to("available_times")
    assert (call.arg("from"), call.arg("to")) == ("2026-12-02", "2026-12-03")


def test_late_in_the_businesss_evening_the_first_day_asked_is_the_accounts_today(
    cliniko: ClinikoStandIn, west: ClinikoBackend
) -> None:
    appointment = marias(west)

    offered = west.open_slots(appointment, Window(start=LATE_EVENING), now=LATE_EVENING, limit=3)

    assert offered[0].start == datetime(2026, 12, 2, 9, tzinfo=LOS_ANGELES)
    assert cliniko.calls_to("available_times")[0].arg("from") == "2026-12-02"  # not Dec 1: over in New York


def test_the_check_says_which_zone_open_times_are_asked_in(cliniko: ClinikoStandIn, west: ClinikoBackend) -> None:
    assert "account's zone, America/New_York (from Cliniko's settings)" in west.check().detail


def test_where_the_key_may_not_read_settings_the_setting_names_the_account_zone(cliniko: ClinikoStandIn) -> None:
    cliniko.now = LATE_EVENING.astimezone(UTC)
    cliniko.set_account_zone("America/New_York")
    cliniko.settings_visible = False
    venice = cliniko.add_business("Venice Beach Physio", zone="America/Los_Angeles")
    cliniko.add_practitioner("Ana", "Ruiz", businesses=[venice], weekdays=range(7))
    cliniko.add_appointment_type("Standard consultation", 30)
    cliniko.add_appointment(cliniko.add_patient("Maria", "Lopez"), datetime(2026, 12, 3, 10, tzinfo=LOS_ANGELES))

    unset = make_backend(cliniko, clock=lambda: LATE_EVENING, timezone="America/Los_Angeles")
    assert "set CLINIKO_ACCOUNT_TIMEZONE" in unset.check().detail
    unset.close()

    configured = make_backend(
        cliniko, clock=lambda: LATE_EVENING, timezone="America/Los_Angeles", account_timezone="America/New_York"
    )
    appointment = marias(configured)
    assert configured.open_slots(appointment, Window(start=LATE_EVENING), now=LATE_EVENING, limit=1)
    assert cliniko.calls_to("available_times")[-1].arg("from") == "2026-12-02"
    assert "America/New_York (CLINIKO_ACCOUNT_TIMEZONE)" in configured.check().detail
    configured.close()
