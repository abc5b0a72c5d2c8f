"""An IT admin sets SOLV_* once; `check-backend` proves it reaches the right Solv location or says what is wrong."""

import pytest

from bot.backends.errors import InvalidRequest
from bot.backends.solv import SolvBackend, build
from bot.config import ConfigError, Settings, load
from tests.backends.environments import point_at
from tests.backends.solv.support import at, make_backend
from tests.fakes.solv_server import Fault, SolvServer


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, solv: SolvServer) -> pytest.MonkeyPatch:
    return point_at(monkeypatch, "solv", solv)


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
