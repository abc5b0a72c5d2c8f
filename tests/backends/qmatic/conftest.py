"""The Qmatic fixtures every test module of this folder gets by name (see `support` for the helpers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.backends.qmatic import QmaticBackend
from tests.backends.adapters import closing
from tests.backends.qmatic.support import make_backend, seed
from tests.fakes.qmatic_server import QmaticServer
from tests.fakes.stub_server import running


@pytest.fixture(name="qmatic")
def qmatic_fixture() -> Iterator[QmaticServer]:
    server = QmaticServer()
    seed(server)
    yield from running(server)


@pytest.fixture(name="backend")
def backend_fixture(qmatic: QmaticServer) -> Iterator[QmaticBackend]:
    yield from closing(make_backend(qmatic))


@pytest.fixture(name="combo_backend")
def combo_backend_fixture(qmatic: QmaticServer) -> Iterator[QmaticBackend]:
    """A tenant with Qmatic's service combinations switched on."""
    yield from closing(make_backend(qmatic, service_combinations=True))
