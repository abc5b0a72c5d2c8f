"""ALLOWED_USER_IDS is enforced: someone not on it is told so, and nothing is looked up or changed."""

from __future__ import annotations

from tests.e2e.harness import (
    FRONT_DESK,
    NOT_ALLOWED,
    OUTSIDER,
    Clinic,
    Diary,
    ServedBot,
    cancel_text,
    distinct_appointments,
)


def test_an_outsiders_command_is_refused_and_starts_nothing(bot: ServedBot, clinic: Clinic, diary: Diary) -> None:
    chosen = distinct_appointments(diary)[0]
    outsider = bot.as_staff(OUTSIDER)

    refused = outsider.command("/cancel", cancel_text(chosen))

    assert NOT_ALLOWED in refused.shown
    assert refused.buttons == []
    assert clinic.appointment(chosen["id"]) == chosen


def test_an_outsiders_dm_is_refused(bot: ServedBot, clinic: Clinic, diary: Diary) -> None:
    chosen = distinct_appointments(diary)[1]
    refused = bot.as_staff(OUTSIDER).dm("cancel " + cancel_text(chosen))
    assert NOT_ALLOWED in refused.shown
    assert refused.buttons == []


def test_an_outsider_pressing_a_staff_members_confirm_is_refused_and_nothing_changes(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen = distinct_appointments(diary)[2]
    _, confirm = bot.as_staff(FRONT_DESK).up_to_confirm(chosen)

    # Slack shows the ephemeral card to FRONT_DESK alone; the click is crafted as if it reached the outsider.
    refused = bot.as_staff(OUTSIDER).click(confirm, "Confirm", shown_to=FRONT_DESK)

    assert NOT_ALLOWED in refused.shown
    assert clinic.untouched(chosen)
