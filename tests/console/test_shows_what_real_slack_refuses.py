"""The console's Slack is as strict as a real workspace, and says so when the bot breaks one of its rules.

An admin trying the bot in the console must not see a flow work there that a
real workspace would refuse or silently ignore (a command's reply "replaced",
a sixth post to one response_url): the console draws a note under the card.
"""

from __future__ import annotations

from pathlib import Path

from bot.local.console import REAL_SLACK_NOTE
from tests.console.session import ConsoleSession, button


def test_a_whole_reschedule_by_command_breaks_no_rule(seeded: Path) -> None:
    session = ConsoleSession(seeded)
    asked = session.type("/reschedule carlos lopez to fri morning")
    assert "Which appointment?" in asked, asked
    offered = session.type(button(asked, "Choose"))
    assert "Pick a new time" in offered, offered
    confirm = session.type("1")
    assert "Move this appointment?" in confirm, confirm
    done = session.type(button(confirm, "Confirm"))
    assert "Moved from" in done, done
    assert REAL_SLACK_NOTE not in asked + offered + confirm + done
    assert session.close() == 0


def test_a_time_typed_as_a_second_command_breaks_no_rule(seeded: Path) -> None:
    session = ConsoleSession(seeded)
    asked = session.type("/reschedule john smith")
    assert "When would the patient like instead?" in asked, asked
    offered = session.type("/reschedule fri morning")
    assert "Pick a new time" in offered, offered
    assert REAL_SLACK_NOTE not in asked + offered, offered
    assert session.close() == 0
