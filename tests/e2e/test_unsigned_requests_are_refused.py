"""Only Slack can drive the bot: a forged signature or a replayed (old) timestamp is refused with 401."""

from __future__ import annotations

import time
from typing import Any

from bot.local.slack import slash_command_body
from tests.e2e.harness import (
    CHANNEL,
    FRONT_DESK,
    NURSE,
    Card,
    Clinic,
    Diary,
    ServedBot,
    Staff,
    cancel_text,
    distinct_appointments,
)

SIX_MINUTES = 6 * 60


def nothing_arrives_at(staff: Staff, response_url: str) -> bool:
    return not staff.slack.wait_for(lambda: bool(staff.slack.posts_to(response_url)), timeout=1.0)


def waiting_to_confirm(
    bot: ServedBot, diary: Diary, index: int, user_id: str
) -> tuple[dict[str, Any], Staff, Card, str]:
    """A staff member at the confirm card for the index-th appointment, and a fresh response_url to click with."""
    chosen, staff = bot.scenario(diary, index, user_id)
    _, confirm = staff.up_to_confirm(chosen)
    return chosen, staff, confirm, bot.slack.new_response_url()


def test_a_confirm_with_a_forged_signature_is_refused_and_changes_nothing(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff, confirm, response_url = waiting_to_confirm(bot, diary, 0, FRONT_DESK)

    refused = bot.post(staff.click_body(confirm.button("Confirm"), response_url), secret="not-the-signing-secret")

    assert refused.status_code == 401
    assert nothing_arrives_at(staff, response_url)
    assert clinic.untouched(chosen)
    assert "Moved from" in staff.click(confirm, "Confirm").shown, "the real click still works"


def test_a_confirm_signed_more_than_five_minutes_ago_is_refused_and_changes_nothing(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff, confirm, response_url = waiting_to_confirm(bot, diary, 1, NURSE)
    replayed = staff.click_body(confirm.button("Confirm"), response_url)

    refused = bot.post(replayed, timestamp=int(time.time()) - SIX_MINUTES)

    assert refused.status_code == 401
    assert nothing_arrives_at(staff, response_url)
    assert clinic.untouched(chosen)


def test_a_command_with_a_forged_signature_starts_nothing(bot: ServedBot, clinic: Clinic, diary: Diary) -> None:
    chosen = distinct_appointments(diary)[2]
    calls_before = len(bot.slack.all_calls())
    response_url = bot.slack.new_response_url()
    text = cancel_text(chosen)
    body = slash_command_body("/cancel", text, user_id=FRONT_DESK, channel_id=CHANNEL, response_url=response_url)
    assert bot.post(body, secret="forged").status_code == 401
    assert not bot.slack.wait_for(lambda: bool(bot.slack.posts_to(response_url)), timeout=1.0)
    assert len(bot.slack.all_calls()) == calls_before, "the bot did not even look the person up"
    assert clinic.appointment(chosen["id"]) == chosen
