"""Times on a card are in the reader's own zone, in words, so "3pm" means the same to everyone."""

from __future__ import annotations

from bot.domain import Window
from bot.engine.state import Step
from bot.views import render_conversation
from bot.views.wording import describe_instant, describe_window
from tests.views_factories import (
    CHICAGO,
    LONDON,
    NEW_YORK,
    at,
    button_texts,
    confirm_move,
    conversation,
    hold,
    shown_text,
    slots,
)


def test_the_same_appointment_reads_differently_in_new_york_and_london() -> None:
    card = confirm_move()
    new_york = shown_text(render_conversation(card, NEW_YORK))
    london = shown_text(render_conversation(card, LONDON))

    # Tue Mar 10, 3:00 PM in Chicago (CDT, after the US clocks changed on Mar 8).
    assert "From: Tue Mar 10, 4:00 PM EDT" in new_york
    assert "From: Tue Mar 10, 8:00 PM GMT" in london
    # Fri Mar 6, 9:00 AM Chicago (CST, before the change).
    assert "To: Fri Mar 6, 10:00 AM EST" in new_york
    assert "To: Fri Mar 6, 3:00 PM GMT" in london


def test_the_requested_window_is_shown_in_the_readers_zone() -> None:
    card = confirm_move()
    assert "(Fri Mar 6, 9:00 AM–1:00 PM EST requested)" in shown_text(render_conversation(card, NEW_YORK))
    assert "(Fri Mar 6, 2:00 PM–6:00 PM GMT requested)" in shown_text(render_conversation(card, LONDON))


def test_slot_buttons_use_the_wording_helpers_in_the_readers_zone() -> None:
    offered = conversation(Step.CHOOSE_SLOT, slots=slots(3))
    for zone in (CHICAGO, NEW_YORK, LONDON):
        labels = button_texts(render_conversation(offered, zone))
        assert labels[:3] == [describe_instant(slot.start, zone) for slot in offered.slots]
    assert button_texts(render_conversation(offered, LONDON))[0] == "Fri Mar 6, 2:00 PM GMT"


def test_choice_of_appointments_shows_each_in_the_readers_zone() -> None:
    chooser = conversation(Step.CHOOSE_APPOINTMENT, candidates=(confirm_move().appointment,) * 2)
    text = shown_text(render_conversation(chooser, LONDON))
    assert describe_window(Window(start=at(3, 10, 15), end=at(3, 10, 15, 30)), LONDON) in text
    assert "Tue Mar 10, 8:00 PM–8:30 PM GMT" in text


def test_hold_expiry_is_shown_in_the_readers_zone() -> None:
    held = confirm_move(hold=hold(at(3, 6, 9), expires_at=at(3, 5, 10, 15)))
    assert "Held until Thu Mar 5, 11:15 AM EST" in shown_text(render_conversation(held, NEW_YORK))
    assert "Held until Thu Mar 5, 4:15 PM GMT" in shown_text(render_conversation(held, LONDON))
