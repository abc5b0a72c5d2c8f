"""The confirm card shows old time, new time and what was asked for, so a misread shows before it's booked."""

from __future__ import annotations

from bot.domain import CancelReason
from bot.engine.state import Intent, Step
from bot.views import render_conversation
from tests.views.factories import (
    CHICAGO,
    appointment,
    at,
    block_types,
    button_texts,
    buttons,
    confirm_cancel,
    confirm_move,
    conversation,
    hold,
    kinds,
    shown_text,
)

REBOOKING = "This booking system can't move bookings: a new booking is made first, then the old one is cancelled."


def test_move_shows_who_from_to_and_the_requested_window() -> None:
    text = shown_text(render_conversation(confirm_move(), CHICAGO))
    assert (
        "*Maria Lopez* — Physio (30 min) with Dr Chen at Downtown\n"
        "From: Tue Mar 10, 3:00 PM\n"
        "To: Fri Mar 6, 9:00 AM\n"
        "(Fri Mar 6 morning requested)"
    ) in text


def test_move_offers_confirm_pick_another_time_and_never_mind() -> None:
    card = render_conversation(confirm_move(), CHICAGO)
    assert kinds(card) == ["confirm", "pick_other_time", "abort"]
    assert button_texts(card) == ["Confirm", "Pick another time", "Never mind"]
    assert buttons(card)[0]["style"] == "primary"


def test_hold_expiry_is_shown_only_when_the_hold_expires() -> None:
    held = confirm_move(hold=hold(at(3, 6, 9), expires_at=at(3, 5, 10, 15)))
    assert "Held until Thu Mar 5, 10:15 AM" in shown_text(render_conversation(held, CHICAGO))
    assert "Held until" not in shown_text(render_conversation(confirm_move(), CHICAGO))


def test_moves_by_rebooking_is_said_plainly() -> None:
    rebooked = confirm_move(appointment=appointment(moves_by_rebooking=True))
    assert REBOOKING in shown_text(render_conversation(rebooked, CHICAGO))
    assert REBOOKING not in shown_text(render_conversation(confirm_move(), CHICAGO))


def test_move_without_a_practitioner_leaves_the_with_out() -> None:
    text = shown_text(render_conversation(confirm_move(appointment=appointment(practitioner=None)), CHICAGO))
    assert "*Maria Lopez* — Physio (30 min) at Downtown" in text


def test_cancel_shows_the_appointment_reason_and_note() -> None:
    card = render_conversation(
        confirm_cancel(reason=CancelReason.FEELING_BETTER, note="Called at 9 <asked> to rebook & thanked"), CHICAGO
    )
    text = shown_text(card)
    assert "*Maria Lopez* — Physio (30 min) with Dr Chen at Downtown" in text
    assert "When: Tue Mar 10, 3:00 PM–3:30 PM" in text
    assert "Reason: Feeling Better" in text
    assert "Note: Called at 9 &lt;asked&gt; to rebook &amp; thanked" in text
    assert kinds(card) == ["confirm", "abort"]


def test_cancel_without_a_reason_says_so() -> None:
    assert "Reason: no reason given" in shown_text(render_conversation(confirm_cancel(), CHICAGO))


def test_repeating_cancel_offers_this_one_or_later_ones_with_the_choice_marked() -> None:
    series = appointment(repeats=True)
    just_this = render_conversation(confirm_cancel(appointment=series), CHICAGO)
    assert kinds(just_this) == ["repeats", "repeats", "confirm", "abort"]
    assert button_texts(just_this)[:2] == ["✓ This one only", "This and later ones"]
    assert buttons(just_this)[0]["action_id"] != buttons(just_this)[1]["action_id"]

    all_later = render_conversation(confirm_cancel(appointment=series, apply_to_repeats=True), CHICAGO)
    assert button_texts(all_later)[:2] == ["This one only", "✓ This and later ones"]


def test_repeats_choice_is_only_for_repeating_cancels() -> None:
    assert "repeats" not in kinds(render_conversation(confirm_cancel(), CHICAGO))
    moving_series = confirm_move(appointment=appointment(repeats=True))
    assert "repeats" not in kinds(render_conversation(moving_series, CHICAGO))


def test_applying_says_working_on_it_and_has_no_buttons() -> None:
    for intent in Intent:
        card = render_conversation(conversation(Step.APPLYING, intent=intent, hold=hold(at(3, 6, 9))), CHICAGO)
        assert card.text == "Working on it…"
        assert "Working on it…" in shown_text(card)
        assert buttons(card) == []
        assert "actions" not in block_types(card)
