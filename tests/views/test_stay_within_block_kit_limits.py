"""Slack rejects a whole message over any limit; no number of choices or length of name may break a card."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import ButtonElement, ContextBlock, SectionBlock

from bot.domain import CancelReason
from bot.engine.state import Intent, Step
from bot.engine.turn import Turn
from bot.views import message_card, render, render_conversation, usage_card
from bot.views.limits import fit_blocks
from tests.views.factories import (
    CHICAGO,
    LONDON,
    appointment,
    assert_within_limits,
    at,
    block_types,
    buttons,
    confirm_cancel,
    confirm_move,
    conversation,
    kinds,
    shown_text,
    slots,
)

LONG = "Bartholomew-Featherstonehaugh " * 200  # 6000 characters


def candidates(count: int) -> tuple:
    return tuple(appointment(id=f"a{i}", name=f"Patient {i}", start=at(3, 10, 8 + i % 9)) for i in range(count))


@pytest.mark.parametrize("count", [0, 1, 2, 10, 11, 60])
def test_choosing_an_appointment_fits_for_any_number_of_candidates(count: int) -> None:
    card = render_conversation(conversation(Step.CHOOSE_APPOINTMENT, candidates=candidates(count)), CHICAGO)
    assert_within_limits(card)
    assert kinds(card).count("choose_appointment") == min(count, 10)
    assert kinds(card)[-1] == "abort"
    if count > 10:
        assert f"{count - 10} more — type a date to narrow" in shown_text(card)
    else:
        assert "more — type a date" not in shown_text(card)


@pytest.mark.parametrize("count", [0, 1, 5, 25, 26, 50, 51, 200])
def test_choosing_a_slot_fits_for_any_number_of_slots(count: int) -> None:
    card = render_conversation(conversation(Step.CHOOSE_SLOT, slots=slots(count), more_slots=True), CHICAGO)
    assert_within_limits(card)
    shown = min(count, 50)
    assert kinds(card).count("choose_slot") == shown
    assert kinds(card)[-2:] == ["more_times", "abort"]
    rows = [block["elements"] for block in card.blocks if block["type"] == "actions"]
    slot_rows = [row for row in rows if row[0]["action_id"].startswith("clinic_bot:choose_slot:")]
    assert len(slot_rows) == -(-shown // 25)
    if count > 50:
        assert f"{count - 50} more open times not shown" in shown_text(card)
    if count == 0:
        assert "No open times to show." in shown_text(card)


def test_very_long_names_are_shortened_never_breaking_the_card() -> None:
    huge = appointment(name=LONG, service=LONG, practitioner=LONG, location=LONG, repeats=True)
    drawn = [
        conversation(Step.CHOOSE_APPOINTMENT, candidates=(huge,) * 60),
        conversation(Step.NEED_WINDOW, appointment=huge),
        conversation(Step.CHOOSE_SLOT, appointment=huge, slots=slots(200), slots_after_window=True),
        conversation(Step.NEED_REASON, intent=Intent.CANCEL, appointment=huge),
        confirm_move(appointment=huge, notice=LONG),
        confirm_cancel(appointment=huge, note=LONG, reason=CancelReason.OTHER),
        conversation(Step.APPLYING, appointment=huge),
        conversation(Step.DONE, appointment=huge, result=huge, outcome=LONG),
        conversation(Step.FAILED, appointment=huge, outcome=LONG),
        conversation(Step.NEED_PATIENT, notice=LONG),
    ]
    for one in drawn:
        for stale in (False, True):
            card = render(Turn(one, stale=stale), LONDON)
            assert_within_limits(card)
            assert "…" in shown_text(card)
            assert "Maria" not in card.text


def test_a_long_message_and_command_are_shortened() -> None:
    card = message_card("x" * 10_000)
    assert_within_limits(card)
    assert len(card.blocks[0]["text"]["text"]) == 3000
    usage = usage_card("/" + "x" * 500)
    assert_within_limits(usage)
    assert block_types(usage)[0] == "header"


def test_the_fifty_block_guard_keeps_the_way_out() -> None:
    many = [SectionBlock(text=f"line {i}") for i in range(80)]
    kept = fit_blocks([*many, ContextBlock(elements=[])])
    assert len(kept) == 50
    assert kept[-1].type == "context"
    assert fit_blocks(many[:3]) == many[:3]


def test_slack_sdk_itself_refuses_a_button_over_the_limit() -> None:
    """The explicit checks above are backed by the models: an oversize block cannot be sent by accident."""
    with pytest.raises(SlackObjectFormationError):
        ButtonElement(text="x" * 76, action_id="a", value="v").to_dict()
    with pytest.raises(SlackObjectFormationError):
        ButtonElement(text="x", action_id="a", value="v" * 2001).to_dict()


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(min_size=1, max_size=400),
    service=st.text(min_size=1, max_size=400),
    note=st.none() | st.text(max_size=800),
    notice=st.none() | st.text(max_size=4000),
    candidate_count=st.integers(min_value=0, max_value=70),
    slot_count=st.integers(min_value=0, max_value=120),
)
def test_any_text_and_any_counts_fit(
    name: str, service: str, note: str | None, notice: str | None, candidate_count: int, slot_count: int
) -> None:
    someone = appointment(name=name, service=service, repeats=True, moves_by_rebooking=True)
    for step in Step:
        for intent in Intent:
            drawn = conversation(
                step,
                intent=intent,
                candidates=(someone,) * candidate_count,
                slots=slots(slot_count),
                more_slots=True,
                earlier_slots=True,
                note=note,
                notice=notice,
                outcome=notice,
                **({"appointment": someone} if step not in (Step.NEED_PATIENT, Step.CHOOSE_APPOINTMENT) else {}),
            )
            card = render_conversation(drawn, CHICAGO)
            assert_within_limits(card)
            assert "<!" not in shown_text(card) and "<@" not in shown_text(card)
            if drawn.is_final or step is Step.APPLYING:
                assert buttons(card) == []
