"""Slack answering 429 (rate limited) once: the bot waits Retry-After, retries, and the card arrives once."""

from __future__ import annotations

from tests.e2e.harness import FRONT_DESK, QUIET_WAIT, Clinic, Diary, ServedBot, cancel_text


def test_a_dm_card_refused_once_with_429_is_posted_on_the_retry(bot: ServedBot, clinic: Clinic, diary: Diary) -> None:
    chosen, staff = bot.scenario(diary, 0, FRONT_DESK)
    bot.slack.rate_limit_next("chat.postMessage", retry_after=1)

    card = staff.dm("cancel " + cancel_text(chosen))

    assert "Cancel this appointment?" in card.shown, card.shown
    limited = [call for call in bot.slack.rate_limited_calls() if call.method == "chat.postMessage"]
    assert len(limited) == 1
    assert not staff.slack.wait_for(lambda: len(staff.dm_cards()) > 1, timeout=QUIET_WAIT), "posted once, not twice"
