"""An IT admin sets SOLV_* once; `check-backend` proves it reaches the right Solv location or says what is wrong."""

from collections.abc import Iterator

import pytest

from bot.backends import build_backend
from bot.backends.errors import InvalidRequest, NotAuthorised
from bot.backends.solv import SolvBackend, build
from bot.config import ConfigError, Settings, load
from tests.backends.solv.support import at, make_backend
from tests.fakes.solv_server import Fault, SolvServer

SOLV_VARIABLES = (
    "BASE_URL",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "LOCATION_ID",
    "LOCATION_NAME",
    "TIMEZONE",
    "VISIT_TYPE_ID",
    "SLOT_MINUTES",
    "EXTERNAL_LOCATION_ID",
    "SERVICE_ID",
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, solv: SolvServer) -> Iterator[pytest.MonkeyPatch]:
    for name in SOLV_VARIABLES:
        monkeypatch.delenv(f"SOLV_{name}", raising=False)
    monkeypatch.delenv("CLINIC_TZ", raising=False)
    monkeypatch.setenv("BOOKING_BACKEND", "solv")
    monkeypatch.setenv("SOLV_BASE_URL", solv.url)
    monkeypatch.setenv("SOLV_CLIENT_ID", solv.client_id)
    monkeypatch.setenv("SOLV_CLIENT_SECRET", solv.client_secret)
    monkeypatch.setenv("SOLV_LOCATION_ID", "42")
    yield monkeypatch


def test_check_shows_the_location_and_open_slots(solv: SolvServer, backend: SolvBackend) -> None:
    solv.add_slot(42, at(1), availability=2)
    solv.add_slot(42, at(2), availability=0)
    status = backend.check()
    assert status.backend == "Solv"
    assert status.account == "Solv Urgent Care – Downtown (Solv location 42)"
    assert status.locations == ("Solv Urgent Care – Downtown",)
    assert status.detail.startswith("1 open slots visible.")
    assert "Solv booking number" in status.detail


def test_check_works_where_solv_serves_no_location_details(solv: SolvServer, backend: SolvBackend) -> None:
    solv.fail("location", Fault.status(404))
    assert backend.check().locations == ("Downtown Urgent Care",)


def test_check_names_an_unknown_location(solv: SolvServer) -> None:
    adapter = make_backend(solv, location_id=77)
    with pytest.raises(InvalidRequest, match=r"Solv does not know location 77 .*check SOLV_LOCATION_ID"):
        adapter.check()
    adapter.close()


def test_check_with_a_wrong_client_id_names_it(solv: SolvServer) -> None:
    adapter = make_backend(solv, client_id="someone-else")
    with pytest.raises(NotAuthorised, match="SOLV_CLIENT_ID"):
        adapter.check()
    adapter.close()


def test_the_factory_builds_solv_from_the_environment(env: pytest.MonkeyPatch, solv: SolvServer) -> None:
    env.setenv("CLINIC_TZ", "America/Denver")
    backend = build_backend(load(Settings))
    assert backend.name == "Solv"
    assert backend.check().locations == ("Solv Urgent Care – Downtown",)
    assert isinstance(backend, SolvBackend) and backend.settings.timezone == "America/Denver"
    assert backend.settings.base_url == solv.url
    backend.close()


def test_missing_settings_are_named(env: pytest.MonkeyPatch) -> None:
    env.delenv("SOLV_CLIENT_SECRET")
    env.delenv("SOLV_LOCATION_ID")
    with pytest.raises(ConfigError) as raised:
        build(load(Settings))
    assert str(raised.value) == "SOLV_CLIENT_SECRET is missing; SOLV_LOCATION_ID is missing"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SOLV_LOCATION_ID", "downtown"),
        ("SOLV_TIMEZONE", "Mars/Olympus"),
        ("SOLV_SERVICE_ID", "9"),
        ("SOLV_BASE_URL", "partner-api.solvhealth.com"),
    ],
)
def test_malformed_settings_are_named(env: pytest.MonkeyPatch, variable: str, value: str) -> None:
    env.setenv(variable, value)
    with pytest.raises(ConfigError, match=f"{variable} is invalid"):
        build(load(Settings))


def test_half_the_ehr_settings_is_refused(env: pytest.MonkeyPatch) -> None:
    env.setenv("SOLV_SERVICE_ID", "8")
    with pytest.raises(ConfigError, match="SOLV_EXTERNAL_LOCATION_ID and SOLV_SERVICE_ID go together"):
        build(load(Settings))


def test_production_is_the_default_url(env: pytest.MonkeyPatch) -> None:
    env.delenv("SOLV_BASE_URL")
    backend = build(load(Settings))
    assert backend.settings.base_url == "https://partner-api.solvhealth.com"
    assert backend.settings.timezone == "America/Chicago"
    backend.close()
