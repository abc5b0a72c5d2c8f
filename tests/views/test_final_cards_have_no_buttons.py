"""A finished request shows its outcome and nothing to press, so no button can act twice."""

from __future__ import annotations

import pytest

from bot.domain import CancelReason
from bot.engine.state import FINAL_STEPS, Intent, Step
from bot.engine.turn import Turn
from bot.views import render, render_conversation
from tests.views import factories
from tests.views.factories import CHICAGO, LONDON, appointment, at, conversation, shown_text


@pytest.mark.parametrize("step", sorted(FINAL_STEPS))
@pytest.mark.parametrize("intent", list(Intent))
@pytest.mark.parametrize("stale", [False, True])
def test_final_cards_have_no_actions_and_no_buttons(step: Step, intent: Intent, stale: bool) -> None:
    finished = conversation(step, intent=intent, outcome="The outcome sentence.", notice="a stray notice")
    card = render(Turn(finished, stale=stale), CHICAGO)
    assert "actions" not in factories.block_types(card)
    assert factories.buttons(card) == []
    assert "The outcome sentence." in shown_text(card)
    factories.assert_within_limits(card)


def test_done_move_shows_the_outcome_and_old_and_new_times() -> None:
    moved_to = appointment(start=at(3, 6, 9))
    done = conversation(Step.DONE, outcome="Moved from Tue Mar 10 to Fri Mar 6.", result=moved_to)
    card = render_conversation(done, CHICAGO)
    text = shown_text(card)
    assert ":white_check_mark: Moved from Tue Mar 10 to Fri Mar 6." in text
    assert "Now: Fri Mar 6, 9:00 AM–9:30 AM" in text
    assert "Was: Tue Mar 10, 3:00 PM–3:30 PM" in text
    assert card.text == "Moved from Tue Mar 10 to Fri Mar 6."


def test_done_cancel_shows_what_was_cancelled_and_why() -> None:
    done = conversation(Step.DONE, intent=Intent.CANCEL, outcome="Cancelled the Physio.", reason=CancelReason.AWAY)
    text = shown_text(render_conversation(done, LONDON))
    assert "Cancelled: Tue Mar 10, 8:00 PM–8:30 PM" in text
    assert "Reason: Away" in text


def test_stopped_expired_and_failed_name_the_appointment_they_were_about() -> None:
    for step in (Step.CANCELLED_BY_USER, Step.EXPIRED, Step.FAILED):
        text = shown_text(render_conversation(conversation(step, outcome="Over."), CHICAGO))
        assert "*Maria Lopez* — Physio (30 min)" in text
        assert "Appointment: Tue Mar 10, 3:00 PM–3:30 PM" in text


def test_a_final_card_without_an_outcome_still_says_what_happened() -> None:
    card = render_conversation(conversation(Step.CANCELLED_BY_USER), CHICAGO)
    assert "Stopped. Nothing was changed." in shown_text(card)


def test_a_stopped_search_without_an_appointment_shows_only_the_outcome() -> None:
    stopped = conversation(Step.CANCELLED_BY_USER, appointment=None, outcome="Stopped. Nothing was changed.")
    card = render_conversation(stopped, CHICAGO)
    assert shown_text(card) == ":no_entry_sign: Stopped. Nothing was changed."
