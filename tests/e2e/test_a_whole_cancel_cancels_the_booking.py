"""A whole /cancel through the served bot: patient, when and reason typed at once, then Confirm."""

from __future__ import annotations

from tests.e2e.harness import FRONT_DESK, Clinic, Diary, ServedBot, cancel_text, shown_window


def test_a_cancel_with_a_reason_cancels_the_booking_records_the_reason_and_is_audited(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff = bot.scenario(diary, 0, FRONT_DESK)

    confirm = staff.command("/cancel", cancel_text(chosen))
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    assert f"When: {shown_window(chosen)}" in confirm.shown
    assert "Reason: Feeling Better" in confirm.shown

    done = staff.click(confirm, "Confirm")
    assert "Cancelled" in done.shown, done.shown
    assert done.buttons == []

    after = clinic.appointment(chosen["id"])
    assert after["status"] == "cancelled"
    assert after["cancel_reason"] == "Feeling Better"
    [entry] = clinic.audit_of(chosen)
    assert (entry["action"], entry["outcome"], entry["reason"]) == ("cancel", "applied", "Feeling Better")
