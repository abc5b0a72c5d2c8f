"""kill -9 between picking a time and confirming: after a restart the same Confirm applies once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import FRONT_DESK, ServedBot, distinct_appointments, own_served_bot, shown_time


@pytest.fixture
def own_bot(slack: SlackStandIn, tmp_path: Path) -> Iterator[ServedBot]:
    """This scenario kills its bot, so it gets its own (the module's shared one would die with it)."""
    yield from own_served_bot(slack, tmp_path)


def test_a_confirm_after_a_crash_and_restart_moves_the_booking_exactly_once(own_bot: ServedBot) -> None:
    clinic = own_bot.clinic
    chosen = distinct_appointments(clinic.appointments())[0]
    staff = own_bot.as_staff(FRONT_DESK)
    offered, confirm = staff.up_to_confirm(chosen)
    new_time = offered.labels[0]

    own_bot.crash()
    own_bot.restart()

    done = staff.click(confirm, "Confirm")
    assert "Moved from" in done.shown, done.shown
    assert shown_time(clinic.appointment(chosen["id"])["start"]) == new_time

    again = staff.click(confirm, "Confirm")
    assert "already handled" in again.shown
    entries = clinic.audit_of(chosen)
    assert [entry["outcome"] for entry in entries] == ["applied"]
