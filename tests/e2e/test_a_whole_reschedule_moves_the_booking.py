"""A whole /reschedule through the served bot: request, (which appointment,) pick a time, confirm."""

from __future__ import annotations

from datetime import datetime

from tests.e2e import harness
from tests.e2e.harness import Clinic, Diary, ServedBot


def test_a_reschedule_moves_the_booking_shows_old_and_new_and_is_audited(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff = bot.scenario(diary, 0, harness.FRONT_DESK)

    offered = staff.command("/reschedule", harness.reschedule_text(chosen))
    assert "Pick a new time" in offered.shown, offered.shown
    new_time = offered.labels[0]
    confirm = staff.click(offered, new_time)
    assert "Move this appointment?" in confirm.shown
    assert f"From: {harness.shown_time(chosen['start'])}" in confirm.shown
    assert f"To: {new_time}" in confirm.shown

    done = staff.click(confirm, "Confirm")
    assert "Moved from" in done.shown, done.shown
    assert "Now:" in done.shown and "Was:" in done.shown
    assert done.buttons == [], "an outcome card has nothing left to press"

    after = clinic.appointment(chosen["id"])
    assert after["status"] == "booked"
    assert harness.shown_time(after["start"]) == new_time
    [entry] = clinic.audit_of(chosen)
    assert (entry["action"], entry["outcome"], entry["slack_user"]) == ("reschedule", "applied", harness.FRONT_DESK)
    assert datetime.fromisoformat(entry["old_start"]) == harness.start_of(chosen)
    assert datetime.fromisoformat(entry["new_start"]) == harness.start_of(after)


def test_a_patient_with_several_appointments_is_asked_which_then_that_one_moves(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    appointments = harness.patient_with_several(diary)
    wanted, untouched = appointments[1], [row for row in appointments if row is not appointments[1]]
    target = harness.target_day_after(harness.start_of(wanted))
    staff = bot.as_staff(harness.NURSE)

    asked = staff.command("/reschedule", f"{wanted['patient']} to {target:%m/%d} morning")
    assert "Which appointment?" in asked.shown, asked.shown
    offered = staff.press(asked, asked.choose_button_near(harness.shown_window(wanted)))
    assert "Pick a new time" in offered.shown, offered.shown
    confirm = staff.click(offered, offered.labels[0])
    assert f"From: {harness.shown_time(wanted['start'])}" in confirm.shown
    done = staff.click(confirm, "Confirm")
    assert "Moved from" in done.shown, done.shown

    now = {row["id"]: row for row in clinic.appointments()}
    assert harness.shown_time(now[wanted["id"]]["start"]) == offered.labels[0]
    assert all(now[row["id"]]["start"] == row["start"] for row in untouched), "only the chosen one moved"
