"""Each vendor's variables pointed at its stand-in, as an IT admin would set them, for the settings tests.

One helper for the three vendors' `env` fixtures (their folders' conftests) and
the shared settings suite, so "a clean environment pointing at the stand-in"
is written once.
"""

from __future__ import annotations

import pytest

from tests.backends.cliniko.support import USER_AGENT
from tests.backends.qmatic.support import BRANCH
from tests.backends.solv.support import LOCATION
from tests.fakes.cliniko_server import ClinikoStandIn
from tests.fakes.qmatic_server import QmaticServer
from tests.fakes.solv_server import SolvServer
from tests.fakes.stub_server import StubServer

VARIABLES = {
    "cliniko": ("API_KEY", "USER_AGENT", "BASE_URL", "BUSINESS_IDS", "TIMEZONE"),
    "qmatic": (
        *("BASE_URL", "TOKEN_URL", "CLIENT_ID", "CLIENT_SECRET", "ACCOUNT", "TENANT_ID", "BRANCH_IDS"),
        *("SERVICE_COMBINATIONS", "LANGUAGE", "TIMEZONE"),
    ),
    "solv": (
        *("BASE_URL", "CLIENT_ID", "CLIENT_SECRET", "LOCATION_ID", "LOCATION_NAME", "TIMEZONE", "VISIT_TYPE_ID"),
        *("SLOT_MINUTES", "EXTERNAL_LOCATION_ID", "SERVICE_ID"),
    ),
}
"""Every variable a vendor reads (after its prefix): all are cleared first, so nothing leaks in from the shell."""


def stand_in_settings(server: StubServer) -> dict[str, str]:
    """The least an admin sets to reach `server`: credentials, base URL, and the vendor's one required id."""
    if isinstance(server, ClinikoStandIn):
        return server.environment(USER_AGENT)
    if isinstance(server, QmaticServer):
        env = {"BOOKING_BACKEND": "qmatic", **server.env(), "QMATIC_BRANCH_IDS": BRANCH}
        del env["QMATIC_TOKEN_URL"]  # derived from the base URL's host
        return env
    assert isinstance(server, SolvServer), type(server).__name__
    return server.environment(LOCATION)


def point_at(monkeypatch: pytest.MonkeyPatch, vendor: str, server: StubServer) -> pytest.MonkeyPatch:
    """Clear the vendor's variables and the clinic zone, then set those reaching `server`."""
    for name in VARIABLES[vendor]:
        monkeypatch.delenv(f"{vendor.upper()}_{name}", raising=False)
    monkeypatch.delenv("CLINIC_TZ", raising=False)
    for name, value in stand_in_settings(server).items():
        monkeypatch.setenv(name, value)
    return monkeypatch
