"""Every shape Slack sends reaches the real `clinic-bot serve`, signed, and gets the answer Slack needs.

Slack retries a delivery that is not answered 200 (and counts failures toward
turning the app's events off), so each of these must be acknowledged; those
not meant for the bot (other bots, workflows, edits) must draw nothing.
"""

from __future__ import annotations

import json
import uuid

import pytest

from bot.local.slack import events, payloads
from tests.e2e.harness import (
    CHANNEL,
    DOCTOR,
    FRONT_DESK,
    MANAGER,
    NURSE,
    QUIET_WAIT,
    Card,
    Diary,
    ServedBot,
    cancel_text,
    distinct_appointments,
)

JSON = "application/json"
OTHER_BOT = "B0REMINDERS"


def event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:12].upper()


def nothing_drawn_for(bot: ServedBot, calls_before: int) -> bool:
    drawn = {"chat.postMessage", "chat.update", "chat.postEphemeral"}
    return not bot.slack.wait_for(
        lambda: any(call.method in drawn for call in bot.slack.all_calls()[calls_before:]), timeout=QUIET_WAIT
    )


def test_url_verification_echoes_the_challenge(bot: ServedBot) -> None:
    answered = bot.post(events.url_verification_body("challenge-" + uuid.uuid4().hex), content_type=JSON)
    assert answered.status_code == 200
    assert "challenge-" in answered.text


def test_ssl_check_is_answered_200(bot: ServedBot) -> None:
    assert bot.post(payloads.ssl_check_body()).status_code == 200


@pytest.mark.parametrize(
    "event",
    [
        events.bot_message_event("Reminder: 3 cancellations today", bot_id=OTHER_BOT, channel_id="D" + FRONT_DESK),
        events.message_changed_event(
            user_id=FRONT_DESK, channel_id="D" + FRONT_DESK, ts="1.000100", old_text="a", new_text="b"
        ),
        events.message_deleted_event(user_id=FRONT_DESK, channel_id="D" + FRONT_DESK, ts="1.000100", old_text="a"),
    ],
    ids=["bot_message", "message_changed", "message_deleted"],
)
def test_messages_not_typed_by_a_person_are_acknowledged_and_draw_nothing(bot: ServedBot, event: dict) -> None:
    bot.slack.join("D" + FRONT_DESK, FRONT_DESK, "UBOT")
    calls_before = len(bot.slack.all_calls())
    assert bot.post(events.event_body(event, event_id=event_id()), content_type=JSON).status_code == 200
    assert nothing_drawn_for(bot, calls_before)


def test_a_mention_posted_by_a_workflow_is_acknowledged_and_draws_nothing(bot: ServedBot) -> None:
    calls_before = len(bot.slack.all_calls())
    event = events.bot_mention_event("cancel john smith tmrw", bot_id="B0WORKFLOW", channel_id=CHANNEL)
    assert bot.post(events.event_body(event, event_id=event_id()), content_type=JSON).status_code == 200
    assert nothing_drawn_for(bot, calls_before)


def test_a_mention_posted_by_another_apps_bot_user_draws_nothing(bot: ServedBot) -> None:
    calls_before = len(bot.slack.all_calls())
    event = events.bot_mention_event(
        "cancel john smith tmrw", bot_id=OTHER_BOT, channel_id=CHANNEL, user_id="U0OTHERBOT"
    )
    assert bot.post(events.event_body(event, event_id=event_id()), content_type=JSON).status_code == 200
    assert nothing_drawn_for(bot, calls_before)


def test_a_dm_with_a_file_is_answered_as_its_text(bot: ServedBot, diary: Diary) -> None:
    staff = bot.as_staff(NURSE)
    before = len(staff.dm_cards())
    staff.send_event(events.file_share_event("cancel " + cancel_text(distinct_appointments(diary)[0]), user_id=NURSE))
    card = staff.new_dm_card(before)
    assert "Cancel this appointment?" in card.shown, card.shown


def test_a_thread_reply_in_the_dm_is_answered_in_its_thread(bot: ServedBot, diary: Diary) -> None:
    staff = bot.as_staff(DOCTOR)
    before = len(staff.dm_cards())
    text = "cancel " + cancel_text(distinct_appointments(diary)[1])
    staff.send_event(events.dm_event(text, user_id=DOCTOR, thread_ts="1700000000.000100"))
    staff.new_dm_card(before)
    [posted] = [call for call in bot.slack.calls_to("chat.postMessage") if call.params.get("channel") == "D" + DOCTOR]
    assert posted.params.get("thread_ts") == "1700000000.000100"


def test_a_command_from_an_org_wide_install_is_answered(bot: ServedBot, diary: Diary) -> None:
    staff = bot.as_staff(MANAGER)
    response_url = bot.slack.new_response_url(user_id=MANAGER, channel_id=CHANNEL)
    text = cancel_text(distinct_appointments(diary)[2])
    body = payloads.slash_command_body(
        "/cancel", text, user_id=MANAGER, channel_id=CHANNEL, response_url=response_url, enterprise_id="E0CLINICS"
    )
    before = len(staff.dm_cards())
    assert bot.post(body).status_code == 200
    assert "direct message" in staff.answer_at(response_url).shown
    assert len(staff.dm_cards()) > before and "Cancel this appointment?" in Card.of(staff.dm_cards()[-1]).shown


def test_an_event_from_an_org_wide_install_is_answered(bot: ServedBot, diary: Diary) -> None:
    staff = bot.as_staff(FRONT_DESK)
    before = len(staff.dm_cards())
    event = events.dm_event("cancel " + cancel_text(distinct_appointments(diary)[3]), user_id=FRONT_DESK)
    staff.is_where(event)
    body = events.event_body(event, event_id=event_id(), enterprise_id="E0CLINICS")
    assert json.loads(body)["authorizations"][0]["team_id"] is None
    assert bot.post(body, content_type=JSON).status_code == 200
    assert "Cancel this appointment?" in staff.new_dm_card(before).shown
