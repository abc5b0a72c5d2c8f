"""Requests typed in a DM or an @mention: the card lives in the person's DM, and typed answers move it on."""

from __future__ import annotations

from tests.e2e.harness import (
    DOCTOR,
    FRONT_DESK,
    MENTION_POINTER,
    NURSE,
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


def test_a_reschedule_started_in_a_dm_takes_a_typed_time_then_buttons(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff = bot.scenario(diary, 0, FRONT_DESK)

    asked = staff.dm(f"move {chosen['patient']} from {when_text(start_of(chosen))}")
    assert "When would the patient like instead?" in asked.shown, asked.shown
    target = target_day_after(start_of(chosen))
    offered = staff.dm(f"{target:%A %m/%d} morning")
    assert "Pick a new time" in offered.shown, offered.shown
    assert staff.dm_card(asked.raw["ts"]).buttons == [], "the answered card is retired, its buttons gone"

    confirm = staff.click_in_dm(offered, offered.labels[0])
    assert "Move this appointment?" in confirm.shown
    done = staff.click_in_dm(confirm, "Confirm")
    assert "Moved from" in done.shown, done.shown
    assert done.buttons == []
    assert shown_time(clinic.appointment(chosen["id"])["start"]) == offered.labels[0]


def test_a_cancel_started_by_a_mention_continues_in_the_dm_with_a_typed_reason(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff = bot.scenario(diary, 1, NURSE)

    asked = staff.mention(f"cancel {chosen['patient']} {when_text(start_of(chosen))}")
    assert asked.raw["channel"] == staff.dm_channel, "patient details go to the DM, not the channel"
    assert "Why is the appointment being cancelled?" in asked.shown, asked.shown
    assert staff.slack.wait_for(lambda: bool(staff.ephemerals()))
    [pointer] = staff.ephemerals()
    assert pointer["text"] == MENTION_POINTER
    assert chosen["patient"] not in str(pointer)
    assert staff.slack.calls_to("chat.postMessage")[-1].params["channel"] == staff.dm_channel

    confirm = staff.dm("away")
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    assert "Reason: Away" in confirm.shown
    done = staff.click_in_dm(confirm, "Confirm")
    assert "Cancelled" in done.shown, done.shown

    after = clinic.appointment(chosen["id"])
    assert (after["status"], after["cancel_reason"]) == ("cancelled", "Away")


def test_a_mention_in_a_channel_posts_nothing_about_the_patient_in_that_channel(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen = distinct_appointments(diary)[2]
    staff = bot.as_staff(DOCTOR, channel_id="C0WAITINGROOM")
    staff.mention("cancel " + cancel_text(chosen))
    assert staff.slack.wait_for(lambda: bool(staff.ephemerals()))
    in_channel = [call for call in staff.slack.all_calls() if call.params.get("channel") == "C0WAITINGROOM"]
    assert all(chosen["patient"] not in str(call.params) for call in in_channel)
