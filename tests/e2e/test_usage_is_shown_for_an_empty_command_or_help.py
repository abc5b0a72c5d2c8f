"""`/reschedule` alone, or `/reschedule help`, answers with how to use it (examples that work), not an error."""

from __future__ import annotations

import pytest

from tests.e2e.harness import DOCTOR, FRONT_DESK, NURSE, ServedBot


@pytest.mark.parametrize(("user", "text"), [(FRONT_DESK, ""), (NURSE, "help")])
def test_reschedule_with_nothing_or_help_shows_how_to_use_it(bot: ServedBot, user: str, text: str) -> None:
    usage = bot.as_staff(user).command("/reschedule", text)
    assert "/reschedule — move a patient's appointment" in usage.shown
    assert "`/reschedule Maria Lopez from Tue 3pm to Fri morning`" in usage.shown
    assert usage.buttons == []


def test_cancel_help_shows_how_to_cancel(bot: ServedBot) -> None:
    usage = bot.as_staff(DOCTOR).command("/cancel", "help")
    assert "/cancel — cancel a patient's appointment" in usage.shown
    assert usage.buttons == []
