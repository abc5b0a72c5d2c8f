"""kill -9 right after a slash command's 200: after the restart the person has the card, never nothing."""

from __future__ import annotations

import pytest

from tests.faults.crashes import kill_after_ack
from tests.faults.rig import Desk

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("delay_ms", [0, 25, 50])
def test_a_command_killed_right_after_its_ack_is_done_after_the_restart(sandbox_desk: Desk, delay_ms: int) -> None:
    crash = kill_after_ack(sandbox_desk, delay_ms, delay_ms / 1000)
    assert crash.outcome in ("card", "interrupted"), crash
    assert sandbox_desk.leaked() == []
