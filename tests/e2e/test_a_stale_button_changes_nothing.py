"""A button on an older drawing of a card is answered "already handled" and changes nothing."""

from __future__ import annotations

from tests.e2e.harness import FRONT_DESK, NURSE, Clinic, Diary, ServedBot, shown_time


def test_never_mind_from_an_older_card_is_already_handled_and_the_request_stays_open(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff = bot.scenario(diary, 0, FRONT_DESK)
    offered, confirm = staff.up_to_confirm(chosen)

    stale = staff.click(offered, "Never mind")
    assert "already handled" in stale.shown, stale.shown
    assert clinic.untouched(chosen)

    done = staff.click(confirm, "Confirm")
    assert "Moved from" in done.shown, "the newest card still works: the stale click stopped nothing"


def test_a_time_from_an_older_card_does_not_replace_the_time_being_confirmed(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff = bot.scenario(diary, 1, NURSE)
    offered, confirm = staff.up_to_confirm(chosen)

    stale = staff.click(offered, offered.labels[1])
    assert "already handled" in stale.shown, stale.shown
    assert clinic.appointment(chosen["id"]) == chosen

    done = staff.click(confirm, "Confirm")
    assert "Moved from" in done.shown, done.shown
    assert shown_time(clinic.appointment(chosen["id"])["start"]) == offered.labels[0], "the confirm card's time won"
