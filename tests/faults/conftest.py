"""One served bot per booking system per module, at LOG_LEVEL=DEBUG (tests/faults/rig.py); stopped after."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.rig import Desk, desk


@pytest.fixture(scope="module")
def sandbox_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    with desk("sandbox", Path(tmp_path_factory.mktemp("sandbox"))) as served:
        yield served


@pytest.fixture(scope="module")
def cliniko_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    with desk("cliniko", Path(tmp_path_factory.mktemp("cliniko"))) as served:
        yield served
