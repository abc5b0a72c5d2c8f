"""The Solv fixtures every test module of this folder gets by name (see `support` for the helpers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.backends.solv import SolvBackend
from tests.backends.adapters import closing
from tests.backends.solv.support import LOCATION, NOW, make_backend
from tests.fakes.solv_server import SolvServer
from tests.fakes.stub_server import running


@pytest.fixture(name="solv")
def solv_fixture() -> Iterator[SolvServer]:
    server = SolvServer()
    server.now = NOW
    server.add_location(LOCATION, "Solv Urgent Care – Downtown")
    yield from running(server)


@pytest.fixture(name="backend")
def backend_fixture(solv: SolvServer) -> Iterator[SolvBackend]:
    yield from closing(make_backend(solv))


@pytest.fixture(name="ehr_backend")
def ehr_backend_fixture(solv: SolvServer) -> Iterator[SolvBackend]:
    """A clinic whose Solv is integrated with its EHR (service 8, EHR location EXT-LOC-1)."""
    yield from closing(make_backend(solv, external_location_id="EXT-LOC-1", service_id="8"))
