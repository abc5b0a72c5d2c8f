"""An IT admin sets a vendor's variables once, the same way on Cliniko, Qmatic and Solv.

The factory builds the configured vendor from the environment (the clinic's
zone filling in the vendor's own), a missing or malformed variable is named
(all missing ones at once), and a wrong credential is named by its variable.
What only one vendor reads (Cliniko's key region, Qmatic's token URL, Solv's
EHR pair) stays in that vendor's `test_<vendor>_check_and_settings`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.backends import build_backend
from bot.backends import cliniko as cliniko_package
from bot.backends import qmatic as qmatic_package
from bot.backends import solv as solv_package
from bot.backends.errors import NotAuthorised
from bot.backends.vendor import VendorBackend
from bot.config import ConfigError, Settings, load
from tests.backends.cliniko import support as cliniko_support
from tests.backends.environments import point_at
from tests.backends.qmatic import support as qmatic_support
from tests.backends.rigs import HTTP_BACKENDS, HttpRig, rig_for
from tests.backends.solv import support as solv_support

BUILD: dict[str, Callable[[Settings], VendorBackend]] = {
    "cliniko": cliniko_package.build,
    "qmatic": qmatic_package.build,
    "solv": solv_package.build,
}
MAKE_BACKEND: dict[str, Callable[..., VendorBackend]] = {
    "cliniko": cliniko_support.make_backend,
    "qmatic": qmatic_support.make_backend,
    "solv": solv_support.make_backend,
}
BUILT = {
    "cliniko": ("America/Denver", "Riverside Physiotherapy", lambda rig: {}),
    "qmatic": (
        "Europe/Stockholm",
        "Centrum",
        lambda rig: {"token_endpoint": f"{rig.server.url}/oauth2/token", "language": "en_US"},
    ),
    "solv": ("America/Denver", "Solv Urgent Care – Downtown", lambda rig: {"base_url": rig.server.url}),
}
"""Per vendor: the clinic's zone (which the vendor takes), the one location seen, other settings the factory derives."""
MISSING = {
    "cliniko": ["CLINIKO_API_KEY", "CLINIKO_USER_AGENT"],
    "qmatic": [f"QMATIC_{name}" for name in ("CLIENT_SECRET", "TENANT_ID", "BRANCH_IDS", "BASE_URL", "ACCOUNT")],
    "solv": ["SOLV_CLIENT_SECRET", "SOLV_LOCATION_ID"],
}
MISSING_NAMED_IN_ORDER = {
    "cliniko": "CLINIKO_API_KEY, CLINIKO_USER_AGENT",
    "qmatic": "QMATIC_BASE_URL, QMATIC_CLIENT_SECRET, QMATIC_ACCOUNT, QMATIC_TENANT_ID, QMATIC_BRANCH_IDS",
    "solv": "SOLV_CLIENT_SECRET, SOLV_LOCATION_ID",
}
MALFORMED = {
    "cliniko": {
        "CLINIKO_USER_AGENT": ["Riverside Clinic Bot", "Riverside Clinic Bot (it at riverside)"],
        "CLINIKO_API_KEY": ["MS0x abc-au1"],
        "CLINIKO_TIMEZONE": ["Mars/Olympus"],
        "CLINIKO_BUSINESS_IDS": ["downtown"],
        "CLINIKO_BASE_URL": ["api.au1.cliniko.com/v1"],
    },
    "qmatic": {
        "QMATIC_BASE_URL": ["api.eu-west-1.qmatic.io"],
        "QMATIC_TOKEN_URL": ["oauth2/token"],
        "QMATIC_TIMEZONE": ["Mars/Olympus"],
        "QMATIC_LANGUAGE": ["english"],
        "QMATIC_BRANCH_IDS": ["branch one", " , "],
        "QMATIC_TENANT_ID": ["tenant one"],
        "QMATIC_SERVICE_COMBINATIONS": ["sometimes"],
    },
    "solv": {
        "SOLV_LOCATION_ID": ["downtown"],
        "SOLV_TIMEZONE": ["Mars/Olympus"],
        "SOLV_SERVICE_ID": ["9"],
        "SOLV_BASE_URL": ["partner-api.solvhealth.com"],
    },
}
WRONG_CREDENTIAL = {
    "cliniko": ({"api_key": "someone-elses-key-uk1"}, "check CLINIKO_API_KEY"),
    "qmatic": ({"client_secret": "not-it"}, "QMATIC_CLIENT_SECRET"),
    "solv": ({"client_id": "someone-else"}, "SOLV_CLIENT_ID"),
}


@pytest.fixture(params=HTTP_BACKENDS)
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HttpRig]:
    with rig_for(request.param, tmp_path) as made:
        assert isinstance(made, HttpRig)
        yield made


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, rig: HttpRig) -> pytest.MonkeyPatch:
    return point_at(monkeypatch, rig.name, rig.server)


def test_the_factory_builds_the_vendor_from_the_environment(env: pytest.MonkeyPatch, rig: HttpRig) -> None:
    zone, location, derived = BUILT[rig.name]
    env.setenv("CLINIC_TZ", zone)
    backend = build_backend(load(Settings))
    assert isinstance(backend, VendorBackend) and backend.vendor == rig.name
    assert backend.name == rig.backend.name
    assert backend.check().locations == (location,)
    expected = {"timezone": zone, **derived(rig)}
    assert {name: getattr(backend.settings, name) for name in expected} == expected
    backend.close()


def test_missing_settings_are_named_all_at_once(env: pytest.MonkeyPatch, rig: HttpRig) -> None:
    for variable in MISSING[rig.name]:
        env.delenv(variable)
    with pytest.raises(ConfigError) as raised:
        BUILD[rig.name](load(Settings))
    named = MISSING_NAMED_IN_ORDER[rig.name].split(", ")
    assert str(raised.value) == "; ".join(f"{variable} is missing" for variable in named)


@pytest.mark.parametrize(
    ("vendor", "variable", "value"),
    [
        (vendor, variable, value)
        for vendor, bad in MALFORMED.items()
        for variable, values in bad.items()
        for value in values
    ],
)
def test_malformed_settings_are_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, vendor: str, variable: str, value: str
) -> None:
    with rig_for(vendor, tmp_path) as made:
        assert isinstance(made, HttpRig)
        point_at(monkeypatch, vendor, made.server).setenv(variable, value)
        with pytest.raises(ConfigError, match=f"{variable} is invalid"):
            BUILD[vendor](load(Settings))


def test_a_wrong_credential_is_named_by_its_variable(rig: HttpRig) -> None:
    overrides, named = WRONG_CREDENTIAL[rig.name]
    adapter = MAKE_BACKEND[rig.name](rig.server, **overrides)
    with pytest.raises(NotAuthorised, match=named):
        adapter.check()
    adapter.close()
