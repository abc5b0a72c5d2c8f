"""Slack redelivers an event it thinks was lost (same event_id, X-Slack-Retry-Num): one card, not two."""

from __future__ import annotations

from bot.local.slack import dm_event
from tests.e2e.harness import FRONT_DESK, QUIET_WAIT, Clinic, Diary, ServedBot, cancel_text


def test_a_redelivered_dm_gets_one_card(bot: ServedBot, clinic: Clinic, diary: Diary) -> None:
    chosen, staff = bot.scenario(diary, 0, FRONT_DESK)
    event = dm_event("cancel " + cancel_text(chosen), user_id=FRONT_DESK)

    event_id = staff.send_event(event)
    staff.send_event(event, event_id=event_id, retry=1)

    assert staff.slack.wait_for(lambda: len(staff.dm_cards()) >= 1), bot.log()[-2000:]
    assert not staff.slack.wait_for(lambda: len(staff.dm_cards()) >= 2, timeout=QUIET_WAIT)
    [card] = staff.dm_cards()
    assert "Cancel this appointment?" in card["text"] or "cancellation" in card["text"], card["text"]
