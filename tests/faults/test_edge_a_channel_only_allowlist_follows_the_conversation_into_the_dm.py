"""ALLOWED_CHANNEL_IDS set and no ALLOWED_USER_IDS: whoever works in #front-desk may use the bot from there.

A conversation started by an @mention in the allowed channel goes on in the
person's DM with the bot (the patient's details never sit in the channel). Its
clicks and typed replies arrive from the DM, which is not on the list: they are
judged on the channel where the conversation was started, so they are taken.
A conversation started in a channel not on the list, or in the DM itself, is
refused and changes nothing.
"""

from __future__ import annotations

import pytest

from bot.local.slack import mention_event
from tests.e2e import conftest as e2e
from tests.e2e.harness import (
    CHANNEL,
    DOCTOR,
    FRONT_DESK,
    NOT_ALLOWED,
    NURSE,
    WAITING_ROOM,
    Clinic,
    Diary,
    ServedBot,
    cancel_text,
    distinct_appointments,
    shown_time,
    start_of,
    target_day_after,
    when_text,
)

pytestmark = pytest.mark.e2e

slack, clinic, diary, bot = e2e.slack, e2e.clinic, e2e.diary, e2e.bot


@pytest.fixture(scope="module")
def bot_settings() -> dict[str, str]:
    """ALLOWED_CHANNEL_IDS only: the harness's list of the clinic's staff emptied."""
    return {"ALLOWED_USER_IDS": "", "ALLOWED_CHANNEL_IDS": CHANNEL}


def test_a_reschedule_mentioned_in_the_allowed_channel_takes_typed_answers_and_clicks_in_the_dm(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff = bot.scenario(diary, 0, FRONT_DESK)

    asked = staff.mention(f"move {chosen['patient']} from {when_text(start_of(chosen))}")
    assert "When would the patient like instead?" in asked.shown, asked.shown
    target = target_day_after(start_of(chosen))
    offered = staff.dm(f"{target:%A %m/%d} morning")  # typed in the DM, which is not on the list
    assert NOT_ALLOWED not in offered.shown
    assert "Pick a new time" in offered.shown, offered.shown

    confirm = staff.click_in_dm(offered, offered.labels[0])
    assert "Move this appointment?" in confirm.shown, confirm.shown
    done = staff.click_in_dm(confirm, "Confirm")
    assert "Moved from" in done.shown, done.shown
    assert shown_time(clinic.appointment(chosen["id"])["start"]) == offered.labels[0]


def test_a_cancel_mentioned_in_the_allowed_channel_takes_its_reason_typed_in_the_dm(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff = bot.scenario(diary, 1, NURSE)

    asked = staff.mention(f"cancel {chosen['patient']} {when_text(start_of(chosen))}")
    assert "Why is the appointment being cancelled?" in asked.shown, asked.shown
    confirm = staff.dm("away")
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    done = staff.click_in_dm(confirm, "Confirm")
    assert "Cancelled" in done.shown, done.shown
    assert clinic.appointment(chosen["id"])["status"] == "cancelled"


def test_a_mention_in_a_channel_not_on_the_list_is_refused_and_changes_nothing(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen = distinct_appointments(diary)[2]
    staff = bot.as_staff(DOCTOR, channel_id=WAITING_ROOM)
    staff.send_event(mention_event("cancel " + cancel_text(chosen), user_id=DOCTOR, channel_id=WAITING_ROOM))

    def told() -> bool:
        return any(NOT_ALLOWED in str(said.get("text")) for said in staff.ephemerals(WAITING_ROOM))

    assert staff.slack.wait_for(told), "told, only them, in the channel they wrote in"
    assert staff.dm_cards() == [], "no conversation was started"
    assert clinic.appointment(chosen["id"]) == chosen


def test_a_request_typed_in_the_dm_itself_is_refused_and_changes_nothing(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen = distinct_appointments(diary)[3]
    refused = bot.as_staff(DOCTOR).dm("cancel " + cancel_text(chosen))
    assert NOT_ALLOWED in refused.shown
    assert refused.buttons == []
    assert clinic.appointment(chosen["id"]) == chosen
