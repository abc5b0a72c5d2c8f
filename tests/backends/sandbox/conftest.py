"""Fixtures of the sandbox tests: a seeded demo clinic in a temp file, on a clock tests can move."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.backends.sandbox import SandboxBackend, seed
from tests.backends.sandbox.support import TODAY, MovableClock


@pytest.fixture(name="db_path")
def db_path_fixture(tmp_path: Path) -> Path:
    return tmp_path / "clinic-bot.sqlite3"


@pytest.fixture(name="clock")
def clock_fixture() -> MovableClock:
    return MovableClock()


@pytest.fixture(name="backend")
def backend_fixture(db_path: Path, clock: MovableClock) -> Iterator[SandboxBackend]:
    seed(db_path, TODAY)
    backend = SandboxBackend(db_path, clock=clock)
    yield backend
    backend.close()
