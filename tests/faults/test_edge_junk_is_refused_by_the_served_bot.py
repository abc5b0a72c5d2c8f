"""Junk at the public URL of the real `clinic-bot serve`: a 4xx, at most one log line, never a traceback.

Anyone can POST to the bot. Unsigned, badly signed, stale or unreadable bodies
are refused with a 4xx; a signed payload of the wrong shape (bad JSON, fields
of the wrong type, a button value edited or oversized) gets a plain answer and
changes nothing: the same card's real Confirm still moves the booking, once.
Text Slack can carry but a database cannot (a lone surrogate, NUL) is cleaned
at the edge, so such a DM is answered like any other.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from urllib.parse import urlencode

import httpx
import pytest

from bot.local.slack import dm_event, event_body
from tests.e2e import conftest as e2e
from tests.e2e.harness import FRONT_DESK, NURSE, Clinic, Diary, ServedBot, distinct_appointments
from tests.faults.edge_support import signature_headers

pytestmark = pytest.mark.e2e

# The end-to-end fixtures (one Slack stand-in, seeded clinic and served bot per module), reused as they are.
slack, clinic, diary, bot_settings, bot = e2e.slack, e2e.clinic, e2e.diary, e2e.bot_settings, e2e.bot

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
WHAT_I_CAN_DO = "I can reschedule or cancel an existing appointment. Try"
NOT_OURS = "That button is not one of mine any more"
TWO_MEGABYTES = 2 * 1024 * 1024


def form(**fields: str) -> bytes:
    return urlencode(fields).encode()


JUNK: dict[str, tuple[bytes, str]] = {
    "a click whose payload is not JSON": (form(payload="{not json"), FORM),
    "a click whose payload is a list": (form(payload="[1, 2]"), FORM),
    "a click whose actions are a string": (form(payload=json.dumps({"type": "block_actions", "actions": "x"})), FORM),
    "a click whose action is a number": (form(payload=json.dumps({"type": "block_actions", "actions": [1]})), FORM),
    "an event body that is not JSON": (b"{bad", JSON),
    "an event body that is a list": (b"[1]", JSON),
    "an event that is a string": (json.dumps({"type": "event_callback", "event": "x"}).encode(), JSON),
    "an event that is null": (json.dumps({"type": "event_callback", "event": None}).encode(), JSON),
    "an event with no type": (json.dumps({"type": "event_callback", "event": {"user": FRONT_DESK}}).encode(), JSON),
    "a form that is not UTF-8": (b"command=%2Fcancel&text=\xff\xfe", FORM),
    "JSON that is not UTF-8": (b'{"type": "event_callback", "event": {"text": "\xff"}}', JSON),
    "plain text": (b"hello", "text/plain"),
    "no content type": (b"hello", ""),
}


def lines_of(bot: ServedBot) -> list[str]:
    return bot.log().splitlines()


def tracebacks_since(bot: ServedBot, before: list[str]) -> list[str]:
    return [line for line in lines_of(bot)[len(before) :] if "Traceback" in line]


def post_raw(bot: ServedBot, body: bytes, content_type: str, headers: dict[str, str]) -> httpx.Response:
    sent = {"Content-Type": content_type, **headers} if content_type else headers
    return httpx.post(bot.events_url, content=body, headers=sent, timeout=10)


SIGNINGS: dict[str, Callable[[ServedBot, bytes], dict[str, str]]] = {
    "unsigned": lambda bot, body: {},
    "signed with another secret": lambda bot, body: signature_headers(body, "not-the-secret"),
    "signed six minutes ago": lambda bot, body: signature_headers(body, bot.secret, timestamp=int(time.time()) - 360),
    "signed": lambda bot, body: signature_headers(body, bot.secret),
}


@pytest.mark.parametrize("how", sorted(SIGNINGS))
def test_every_kind_of_junk_gets_a_4xx_one_log_line_at_most_and_no_traceback(
    bot: ServedBot,
    clinic: Clinic,
    diary: Diary,
    how: str,
) -> None:
    start = lines_of(bot)
    for what, (body, content_type) in JUNK.items():
        before = lines_of(bot)
        answered = post_raw(bot, body, content_type, SIGNINGS[how](bot, body))
        written = lines_of(bot)[len(before) :]
        assert 400 <= answered.status_code < 500, f"{what}, {how}: HTTP {answered.status_code}"
        assert len(written) <= 1, f"{what}, {how}: {written}"
    assert tracebacks_since(bot, start) == []
    assert clinic.appointments() == diary


def test_a_huge_body_is_refused_before_it_is_read(bot: ServedBot) -> None:
    huge, start = b"payload=" + b"x" * TWO_MEGABYTES, lines_of(bot)
    answered = post_raw(bot, huge, FORM, signature_headers(huge, bot.secret))
    assert answered.status_code == 413
    assert tracebacks_since(bot, start) == []


def test_a_get_is_refused_with_405(bot: ServedBot) -> None:
    assert httpx.get(bot.events_url, timeout=10).status_code == 405


def test_edited_and_oversized_button_values_change_nothing_and_the_real_confirm_still_works(
    bot: ServedBot,
    clinic: Clinic,
    diary: Diary,
) -> None:
    chosen, start = distinct_appointments(diary)[0], lines_of(bot)
    staff = bot.as_staff(FRONT_DESK)
    _, confirm = staff.up_to_confirm(chosen)
    real = confirm.button("Confirm")
    tampered = {
        "a value cut short": real["value"][:-3],
        "a value ten times too long": real["value"] * 10,
        "a value of the wrong shape": json.dumps({**json.loads(real["value"]), "extra": 1}),
        "a value that is not JSON": "confirm please",
    }
    for what, value in tampered.items():
        answer = staff.press(confirm, {**real, "value": value})
        assert NOT_OURS in answer.shown, f"{what}: {answer.shown}"
    assert clinic.appointment(chosen["id"]) == chosen, "no tampered click changed the booking"
    assert [entry for entry in clinic.audit() if entry["appointment_id"] == chosen["id"]] == []

    assert "Moved from" in staff.click(confirm, "Confirm").shown
    assert clinic.appointment(chosen["id"]) != chosen
    assert [entry["outcome"] for entry in clinic.audit() if entry["appointment_id"] == chosen["id"]] == ["applied"]
    assert tracebacks_since(bot, start) == []


AWKWARD = {
    "a lone surrogate in the text": ("hello \ud800 is anyone there?", ""),
    "a lone surrogate and a NUL in the text": ("hello \udfff\x00 is anyone there?", ""),
    "terminal escapes and DEL in the text": ("hello \x1b[31m\x7f is anyone there?", ""),
    "a lone surrogate in the event id": ("hello, is anyone there?", "\ud800"),
}


@pytest.mark.parametrize("what", sorted(AWKWARD))
def test_a_dm_carrying_what_a_database_cannot_store_is_answered_like_any_other(
    bot: ServedBot,
    what: str,
) -> None:
    text, event_id_suffix = AWKWARD[what]
    staff, start = bot.as_staff(NURSE), lines_of(bot)
    before = len(staff.dm_cards())
    event = dm_event(text, user_id=NURSE)
    staff.is_where(event)
    body = event_body(event, event_id=f"Ev{time.time_ns()}{event_id_suffix}")  # json.dumps writes \ud800
    answered = bot.post(body, content_type=JSON)

    assert answered.status_code == 200
    assert WHAT_I_CAN_DO in staff.new_dm_card(before).shown
    assert tracebacks_since(bot, start) == []
