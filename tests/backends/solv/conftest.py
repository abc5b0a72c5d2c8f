"""The Solv fixtures every test module of this folder gets by name (see `support` for the helpers)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from bot.backends.solv import SolvBackend
from tests.backends.solv.support import LOCATION, NOW, make_backend
from tests.fakes.solv_server import SolvServer


@pytest.fixture(name="solv")
def solv_fixture() -> Iterator[SolvServer]:
    server = SolvServer()
    server.now = NOW
    server.add_location(LOCATION, "Solv Urgent Care – Downtown")
    server.start()
    yield server
    # The stand-in's loop notices a stop only every half second: don't make each test wait for it.
    threading.Thread(target=server.stop, daemon=True).start()


@pytest.fixture(name="backend")
def backend_fixture(solv: SolvServer) -> Iterator[SolvBackend]:
    adapter = make_backend(solv)
    yield adapter
    adapter.close()


@pytest.fixture(name="ehr_backend")
def ehr_backend_fixture(solv: SolvServer) -> Iterator[SolvBackend]:
    """A clinic whose Solv is integrated with its EHR (service 8, EHR location EXT-LOC-1)."""
    adapter = make_backend(solv, external_location_id="EXT-LOC-1", service_id="8")
    yield adapter
    adapter.close()
