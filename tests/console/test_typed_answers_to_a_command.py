"""A conversation started by a command lives in the DM; typed answers come there, or as the same command again.

`/reschedule maria lopez` asks when; `/reschedule friday morning` answers it
(the conversation goes on, with the patient it already has), while a command
naming another patient starts afresh (and the old card is shown stopped).
"""

from __future__ import annotations

from pathlib import Path

from tests.console.session import ConsoleSession, buttons


def test_a_time_typed_after_the_command_answers_the_open_question(seeded: Path) -> None:
    session = ConsoleSession(seeded)
    asked = session.type("/reschedule john smith")
    assert "When would the patient like instead?" in asked, asked
    assert "“Friday morning”" in asked and "/reschedule Friday morning" in asked, (
        "the card says how to answer by typing"
    )

    offered = session.type("/reschedule fri morning")
    assert "Pick a new time" in offered, offered
    assert "John Smith" in offered
    assert any(label.startswith("Fri") for _, label in buttons(offered))
    assert session.close() == 0


def test_a_command_naming_a_patient_starts_a_new_request_instead(seeded: Path) -> None:
    session = ConsoleSession(seeded)
    session.type("/reschedule john smith")
    fresh = session.type("/reschedule carlos lopez to fri morning")
    stopped, _, new_card = fresh.partition("-- bot, in your DM --")
    assert "John Smith" in stopped and "Stopped. Nothing was changed." in stopped, "the old card is retired as stopped"
    assert "Carlos Lopez" in new_card and "John Smith" not in new_card, fresh
    assert session.close() == 0
