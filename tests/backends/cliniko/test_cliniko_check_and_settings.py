"""An IT admin sets CLINIKO_* once; `check-backend` proves the key reaches the right Cliniko or says what is wrong."""

from datetime import timedelta

import pytest

from bot.backends.cliniko import ClinikoBackend, ClinikoSettings, build
from bot.backends.errors import InvalidRequest
from bot.config import Settings, load
from tests.backends.cliniko.support import NOW, TOMORROW_9AM, Clinic, at, make_backend
from tests.backends.environments import point_at
from tests.fakes.cliniko_server import ClinikoStandIn


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, cliniko: ClinikoStandIn) -> pytest.MonkeyPatch:
    return point_at(monkeypatch, "cliniko", cliniko)


def test_check_shows_the_account_businesses_and_upcoming_count(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_business("Northside Physiotherapy", zone="America/Denver")
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    cliniko.add_appointment(clinic.john, at(1))
    cliniko.add_appointment(clinic.john, at(2), cancelled=True)
    cliniko.add_appointment(clinic.john, NOW - timedelta(days=1))

    status = backend.check()

    assert status.backend == "cliniko"
    assert status.account == "Riverside Physiotherapy (Cliniko au1)"
    assert status.locations == ("Riverside Physiotherapy", "Northside Physiotherapy")
    assert status.upcoming_appointments == 2
    assert "Riverside Physiotherapy (America/Chicago), Northside Physiotherapy (America/Denver)" in status.detail
    assert {call.method for call in cliniko.calls} == {"GET"}  # read-only


def test_check_names_a_business_id_the_account_does_not_have(cliniko: ClinikoStandIn, clinic: Clinic) -> None:
    adapter = make_backend(cliniko, business_ids=f"{clinic.business},12345")
    with pytest.raises(InvalidRequest, match=r"CLINIKO_BUSINESS_IDS names 12345, which this Cliniko account"):
        adapter.check()
    adapter.close()


def test_check_counts_only_the_configured_businesses(cliniko: ClinikoStandIn, clinic: Clinic) -> None:
    other = cliniko.add_business("Northside Physiotherapy")
    cliniko.practitioners[clinic.practitioner].business_ids.append(other)
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    cliniko.add_appointment(clinic.john, at(1), business_id=other)
    adapter = make_backend(cliniko, business_ids=other)
    status = adapter.check()
    assert status.locations == ("Northside Physiotherapy",) and status.upcoming_appointments == 1
    adapter.close()


@pytest.mark.parametrize(
    ("key", "url"),
    [
        ("MS0xLWFiYy1kZWY-au1", "https://api.au1.cliniko.com/v1"),
        ("MS0xLWFiYy1kZWY-uk1", "https://api.uk1.cliniko.com/v1"),
        ("MS0xLWFiYy1kZWY-AU2", "https://api.au2.cliniko.com/v1"),
        ("MS0xLWFiYy1kZWY-ca1", "https://api.ca1.cliniko.com/v1"),
        ("MS0xLWFiYy1kZWY", "https://api.au1.cliniko.com/v1"),
        ("MS0xLWFiYy1-kZWY", "https://api.au1.cliniko.com/v1"),
    ],
)
def test_the_cliniko_region_comes_from_the_keys_ending(env: pytest.MonkeyPatch, key: str, url: str) -> None:
    env.delenv("CLINIKO_BASE_URL")
    env.setenv("CLINIKO_API_KEY", key)
    backend = build(load(Settings))
    assert backend.settings.api_url == url
    assert str(backend.http.client.base_url).rstrip("/") == url
    backend.close()


def test_a_bare_contact_email_becomes_a_proper_user_agent(env: pytest.MonkeyPatch) -> None:
    env.setenv("CLINIKO_USER_AGENT", "it@riverside.example")
    assert load(ClinikoSettings).user_agent == "Clinic Bot (it@riverside.example)"


def test_the_clinics_zone_is_the_default_fallback(env: pytest.MonkeyPatch) -> None:
    backend = build(load(Settings))
    assert backend.settings.timezone == "America/Chicago"
    backend.close()
    env.setenv("CLINIKO_TIMEZONE", "Australia/Sydney")
    backend = build(load(Settings))
    assert backend.settings.timezone == "Australia/Sydney"
    backend.close()
