"""After a conversation, what the person sees in Slack holds no old card with live-looking buttons.

In Slack an old card stays on screen unless the bot replaced or deleted it
through a response_url allowed to (a command's never is), and its buttons look
as live as the current card's. The stand-in keeps each person's screen
(`visible`), so these scenarios read it as the person would: only the card of
the step they are on may show buttons, none once the conversation is over, and
no response_url took more than Slack's 5 posts.
"""

from __future__ import annotations

from tests.e2e.harness import (
    DOCTOR,
    FRONT_DESK,
    MANAGER,
    NURSE,
    Card,
    Diary,
    ServedBot,
    Staff,
    cancel_text,
    distinct_appointments,
    start_of,
    target_day_after,
    when_text,
)

SLACK_POSTS_PER_URL = 5


def live_looking(staff: Staff) -> list[set[str]]:
    """The button values of each card on the person's screen that still shows the bot's buttons."""
    return [{button.value for button in card.buttons} for card in staff.cards_with_buttons()]


def values(card: Card) -> set[str]:
    return {button["value"] for button in card.buttons}


def over_with_no_live_buttons(bot: ServedBot, staff: Staff, last: Card, says: str) -> None:
    """The last card says how it ended; no card on the screen still looks clickable; no response_url overused."""
    assert says in last.shown, last.shown
    assert live_looking(staff) == []
    no_url_over_the_limit(bot)


def no_url_over_the_limit(bot: ServedBot) -> None:
    counts = bot.slack.posts_per_response_url()
    assert max(counts.values(), default=0) <= SLACK_POSTS_PER_URL, counts


def test_a_plain_command_leaves_no_live_buttons_once_done(bot: ServedBot, diary: Diary) -> None:
    staff = bot.as_staff(FRONT_DESK)
    _, confirm = staff.up_to_confirm(distinct_appointments(diary)[0])
    assert live_looking(staff) == [values(confirm)], "the times card was replaced by the confirm card"
    over_with_no_live_buttons(bot, staff, staff.click(confirm, "Confirm"), "Moved from")


def test_a_command_answered_by_typing_leaves_only_the_current_card_with_buttons(bot: ServedBot, diary: Diary) -> None:
    chosen, staff = bot.scenario(diary, 1, NURSE)
    asked = staff.command("/reschedule", f"{chosen['patient']} from {when_text(start_of(chosen))}")
    assert "When would the patient like instead?" in asked.shown, asked.shown
    offered = staff.command("/reschedule", f"{target_day_after(start_of(chosen)):%A %m/%d} morning")
    assert "Pick a new time" in offered.shown, offered.shown
    assert live_looking(staff) == [values(offered)]
    no_url_over_the_limit(bot)


def test_a_dm_conversation_leaves_only_the_current_card_with_buttons(bot: ServedBot, diary: Diary) -> None:
    chosen, staff = bot.scenario(diary, 2, DOCTOR)
    asked = staff.dm(f"move {chosen['patient']} from {when_text(start_of(chosen))}")
    assert "When would the patient like instead?" in asked.shown, asked.shown
    offered = staff.dm(f"{target_day_after(start_of(chosen)):%A %m/%d} morning")
    assert live_looking(staff) == [values(offered)]
    confirm = staff.click_in_dm(offered, offered.labels[0])
    over_with_no_live_buttons(bot, staff, staff.click_in_dm(confirm, "Confirm"), "Moved from")


def test_a_mention_conversation_leaves_only_the_current_card_with_buttons(bot: ServedBot, diary: Diary) -> None:
    chosen, staff = bot.scenario(diary, 3, MANAGER)
    asked = staff.mention(f"cancel {chosen['patient']} {when_text(start_of(chosen))}")
    assert "Why is the appointment being cancelled?" in asked.shown, asked.shown
    confirm = staff.dm("away")
    assert live_looking(staff) == [values(confirm)]
    over_with_no_live_buttons(bot, staff, staff.click_in_dm(confirm, "Confirm"), "Cancelled")


def test_a_whole_cancel_by_command_leaves_no_live_buttons(bot: ServedBot, diary: Diary) -> None:
    chosen, staff = bot.scenario(diary, 4, FRONT_DESK)
    confirm = staff.command("/cancel", cancel_text(chosen))
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    over_with_no_live_buttons(bot, staff, staff.click(confirm, "Confirm"), "Cancelled")
