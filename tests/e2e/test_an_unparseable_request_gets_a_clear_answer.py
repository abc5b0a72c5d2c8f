"""Text the bot cannot read gets a plain sentence saying what it can do or what it needs, never silence."""

from __future__ import annotations

from tests.e2e.harness import DOCTOR, FRONT_DESK, NURSE, Clinic, Diary, ServedBot

WHAT_I_CAN_DO = "I can reschedule or cancel an existing appointment. Try"


def test_a_dm_that_is_not_a_request_is_told_what_the_bot_can_do(bot: ServedBot) -> None:
    answer = bot.as_staff(FRONT_DESK).dm("hello, is anyone there?")
    assert WHAT_I_CAN_DO in answer.shown
    assert answer.buttons == []


def test_a_mention_that_is_not_a_request_is_told_what_the_bot_can_do(bot: ServedBot) -> None:
    answer = bot.as_staff(NURSE).mention("what's for lunch")
    assert WHAT_I_CAN_DO in answer.shown


def test_a_command_naming_no_one_the_clinic_knows_says_so_and_changes_nothing(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    answer = bot.as_staff(DOCTOR).command("/cancel", "qwxz zzkv ??? !!")
    assert "Which patient" in answer.shown, answer.shown
    assert "Confirm" not in answer.labels
    assert clinic.appointments() == diary
