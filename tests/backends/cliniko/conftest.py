"""The Cliniko fixtures every test module of this folder gets by name (see `support` for the helpers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.backends.cliniko import ClinikoBackend
from tests.backends.adapters import closing
from tests.backends.cliniko.support import NOW, Clinic, make_backend, seed
from tests.fakes.cliniko_server import ClinikoStandIn
from tests.fakes.stub_server import running


@pytest.fixture(name="cliniko")
def cliniko_fixture() -> Iterator[ClinikoStandIn]:
    server = ClinikoStandIn()
    server.now = NOW
    yield from running(server)


@pytest.fixture(name="clinic")
def clinic_fixture(cliniko: ClinikoStandIn) -> Clinic:
    return seed(cliniko)


@pytest.fixture(name="backend")
def backend_fixture(cliniko: ClinikoStandIn, clinic: Clinic) -> Iterator[ClinikoBackend]:
    yield from closing(make_backend(cliniko))
