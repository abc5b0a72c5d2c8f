"""The Cliniko fixtures every test module of this folder gets by name (see `support` for the helpers)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from bot.backends.cliniko import ClinikoBackend
from tests.backends.cliniko.support import NOW, Clinic, make_backend, seed
from tests.fakes.cliniko_server import ClinikoStandIn


@pytest.fixture(name="cliniko")
def cliniko_fixture() -> Iterator[ClinikoStandIn]:
    server = ClinikoStandIn()
    server.now = NOW
    server.start()
    yield server
    # The stand-in's loop notices a stop only every half second: don't make each test wait for it.
    threading.Thread(target=server.stop, daemon=True).start()


@pytest.fixture(name="clinic")
def clinic_fixture(cliniko: ClinikoStandIn) -> Clinic:
    return seed(cliniko)


@pytest.fixture(name="backend")
def backend_fixture(cliniko: ClinikoStandIn, clinic: Clinic) -> Iterator[ClinikoBackend]:
    adapter = make_backend(cliniko)
    yield adapter
    adapter.close()
