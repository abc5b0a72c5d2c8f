"""The Qmatic fixtures every test module of this folder gets by name (see `support` for the helpers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.backends.qmatic import QmaticBackend
from tests.backends.qmatic.support import make_backend, seed
from tests.fakes.qmatic_server import QmaticServer


@pytest.fixture(name="qmatic")
def qmatic_fixture() -> Iterator[QmaticServer]:
    server = QmaticServer()
    seed(server)
    server.start()
    yield server
    server.stop_soon()


@pytest.fixture(name="backend")
def backend_fixture(qmatic: QmaticServer) -> Iterator[QmaticBackend]:
    adapter = make_backend(qmatic)
    yield adapter
    adapter.close()


@pytest.fixture(name="combo_backend")
def combo_backend_fixture(qmatic: QmaticServer) -> Iterator[QmaticBackend]:
    """A tenant with Qmatic's service combinations switched on."""
    adapter = make_backend(qmatic, service_combinations=True)
    yield adapter
    adapter.close()
