"""/healthz turns 503 within a second of the database file becoming unwritable, and 200 again, same process."""

from __future__ import annotations

import pytest

from tests.faults.cells import can_chattr
from tests.faults.health import read_only_spell
from tests.faults.rig import Desk

pytestmark = pytest.mark.e2e


def test_health_follows_a_read_only_spell_without_a_restart(sandbox_desk: Desk) -> None:
    why = can_chattr(sandbox_desk.bot.clinic.workdir)
    if why:
        pytest.skip(f"the database file cannot be made unwritable here: {why}")
    spell = read_only_spell(sandbox_desk)
    assert spell.to_unhealthy is not None and spell.to_unhealthy < 1.0, spell
    assert "read-only" in spell.cause, spell
    assert spell.to_healthy is not None and spell.to_healthy < 1.0, spell
    assert spell.same_process, spell
