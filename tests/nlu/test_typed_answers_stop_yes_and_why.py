"""Typed `stop` and `yes` answers mean exactly that, and nothing that only looks like them (bot/nlu/answers.py).

`cancel` is never an abort: at a cancel card `cancel` / `cancel it` is the go-ahead, and at a
reschedule card `cancel that` may mean "cancel the appointment instead", so the engine asks.
An abort word followed by a day, a time or a number is a correction and must reach the step.
"""

from __future__ import annotations

import pytest

from bot.nlu.answers import is_abort, is_yes, read_reason

ABORTS = [
    "never mind",
    "Never mind, thanks!",
    "nevermind - she'll call back",
    "nvm",
    "stop",
    "STOP.",
    "abort",
    "forget it",
    "forget about it",
    "ok forget it",
    "wait never mind",
    "no thanks",
    "start over",
    "cancel this request",
    "wrong patient",
    "don't bother",
]
NOT_ABORTS = [
    "cancel",
    "cancel it",
    "cancel that",
    "no",
    "stop, it's friday not thursday",
    "never mind, make it 3pm",
    "nvm the 2nd one",
    "stopped by yesterday",
    "nevermore",
    "the one on thursday",
    "",
]


@pytest.mark.parametrize("text", ABORTS)
def test_a_stop_phrase_aborts(text: str) -> None:
    assert is_abort(text)


@pytest.mark.parametrize("text", NOT_ABORTS)
def test_a_correction_or_a_cancel_word_is_not_an_abort(text: str) -> None:
    assert not is_abort(text)


YES = [
    "yes",
    "Yes!",
    "y",
    "yep, thanks",
    "ok",
    "OK go ahead",
    "confirm",
    "yes cancel it",
    "yes please move it",
    "sure thing",
    "sounds good",
    "do it",
    ":+1:",
    "👍",
    "go ahead please",
]
NOT_YES = ["no", "yes but at 4", "yes, friday", "not yet", "ok wait", "yes the 2nd one", "maybe", "", "okay no"]


@pytest.mark.parametrize("text", YES)
def test_a_plain_go_ahead_is_yes(text: str) -> None:
    assert is_yes(text)


@pytest.mark.parametrize("text", NOT_YES)
def test_a_yes_with_more_in_it_is_not_a_plain_yes(text: str) -> None:
    assert not is_yes(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("she's sick", "Sick"),
        ("covid positive", "COVID-19 related"),
        ("feeling better", "Feeling Better"),
        ("out of town", "Away"),
        ("work thing", "Work"),
        ("patient passed away", "Other"),
        ("no reason given", None),
        ("", None),
    ],
)
def test_the_typed_cancel_reason_is_one_of_the_seven(text: str, reason: str | None) -> None:
    assert read_reason(text) == reason
