"""Two staff confirm different new times for one appointment at the same moment: it moves once, the other is told."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.races import race
from tests.faults.rig import BACKENDS, desk

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_confirms_at_once_or_one_after_the_other_move_the_appointment_once(backend: str, tmp_path: Path) -> None:
    with desk(backend, tmp_path) as served:
        races = [race(served, 0), race(served, 1), race(served, 2, staggered=True)]
        assert served.leaked() == []
    for one in races:
        assert one.moved and one.applied == 1 and one.told_moved == 1, one
        assert one.vendor_changes in (-1, 1), one
        # The loser hears that someone else is changing it, or that it was changed (or, on Solv, re-booked).
        assert one.loser.startswith(("Someone", "This appointment was cancelled")), one.loser
    assert races[2].loser.startswith(("Someone moved", "This appointment was cancelled")), (
        "with no claim left to refuse it, the write itself (conditional, or re-read first) refused the second move"
    )
