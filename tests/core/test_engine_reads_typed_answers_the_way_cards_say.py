"""Typed answers work the way the cards say: "the one on Thursday", "the harbor one", "the one born in 1991",
"the one at 1pm", "no, the friday after that", "later that day" — understood, or plainly refused."""

from __future__ import annotations

from datetime import date

import pytest

from bot.engine import Step
from bot.engine.steps import STEPS
from tests.core.conftest import CHICAGO, JOHN, LOS_ANGELES, MARIA_THURSDAY, MARIA_TUESDAY, Clinic, notice

# Maria Lopez (1984): Tue Mar 10, 3 PM at Riverside (Chicago); Maria Lopez (1991): Thu Mar 12, 11 AM at Harbor (LA).


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("the one on Thursday", MARIA_THURSDAY),
        ("thursday's", MARIA_THURSDAY),
        ("the tuesday one", MARIA_TUESDAY),
        ("the harbor one", MARIA_THURSDAY),
        ("the one at riverside", MARIA_TUESDAY),
        ("the one born in 1991", MARIA_THURSDAY),
        ("the one with dr patel", MARIA_TUESDAY),
        ("the one at 3pm", MARIA_TUESDAY),
        ("the thursday one at harbor", MARIA_THURSDAY),
        ("2", MARIA_THURSDAY),
        ("the first one", MARIA_TUESDAY),
    ],
)
def test_which_appointment_is_answered_by_day_place_practitioner_birth_year_time_or_position(
    clinic: Clinic, typed: str, expected: str
) -> None:
    asked = clinic.start("move maria lopez to next week")
    assert asked.step is Step.CHOOSE_APPOINTMENT and [a.id for a in asked.candidates] == [MARIA_TUESDAY, MARIA_THURSDAY]
    chosen = clinic.type(asked, typed)
    assert chosen.appointment is not None and chosen.appointment.id == expected, notice(chosen)


def test_the_cards_own_typing_example_works_on_that_card(clinic: Clinic) -> None:
    from bot.views.cards import typing_example

    asked = clinic.start("move maria lopez to next week")
    example = typing_example(asked)
    assert example == "the one on Tuesday" or example == "the one on Thursday"
    chosen = clinic.type(asked, example)  # type: ignore[arg-type]
    assert chosen.appointment is not None
    assert STEPS[Step.CHOOSE_APPOINTMENT].typing_example == "the one on {weekday}"


def test_an_answer_that_fits_both_says_so_and_keeps_the_list(clinic: Clinic) -> None:
    asked = clinic.start("move maria lopez to next week")
    both = clinic.type(asked, "the maria one")
    assert both.step is Step.CHOOSE_APPOINTMENT and both.candidates == asked.candidates
    assert (
        notice(both) == "More than one of these fits “the maria one”: pick one, or add its time, place or birth year."
    )


def test_a_relative_answer_with_nothing_to_point_from_is_refused_plainly(clinic: Clinic) -> None:
    asked = clinic.start("move maria lopez to next week")
    refused = clinic.type(asked, "no, the friday after that")
    assert refused.step is Step.CHOOSE_APPOINTMENT and refused.appointment is None
    assert notice(refused) is not None and notice(refused).startswith("I can't tell what “no, the friday after that”")


def test_no_the_friday_after_that_moves_the_wanted_day_a_week_on_from_the_held_friday(clinic: Clinic) -> None:
    held = clinic.held("move john smith to friday morning")  # Fri Mar 13
    assert held.hold is not None and held.hold.slot.start.astimezone(CHICAGO).date() == date(2026, 3, 13)
    later = clinic.type(held, "no, the friday after that")
    assert later.step is Step.CHOOSE_SLOT, notice(later)
    assert later.slots and {s.start.astimezone(CHICAGO).date() for s in later.slots} == {date(2026, 3, 20)}
    assert clinic.offered_to_others(held.hold.slot) is not False or True  # the old hold is given back below
    assert clinic.offered_to_others(held.hold.slot), "the hold on the first Friday was given back"


def test_later_that_day_offers_times_after_the_ones_shown_the_same_day(clinic: Clinic) -> None:
    offered = clinic.start("move john smith to friday at 9am")
    first = offered.slots[0].start
    later = clinic.type(offered, "later that day")
    assert later.step is Step.CHOOSE_SLOT, notice(later)
    assert later.slots and all(
        s.start > first and s.start.astimezone(CHICAGO).date() == first.astimezone(CHICAGO).date() for s in later.slots
    )


def test_a_time_shown_on_the_card_can_be_picked_by_its_clock_time(clinic: Clinic) -> None:
    offered = clinic.start("move john smith to friday morning")
    wanted = offered.slots[2].start.astimezone(CHICAGO)
    held = clinic.type(offered, f"the {wanted:%-I:%M%p}".lower())
    assert held.step is Step.CONFIRM and held.hold is not None and held.hold.slot == offered.slots[2]


def test_a_retyped_request_after_not_found_starts_afresh_instead_of_gluing_on_the_old_name(clinic: Clinic) -> None:
    missed = clinic.start("cancel mraia lopezz friday")
    assert missed.step is Step.NEED_PATIENT
    again = clinic.type(missed, "maria lopez thursday")
    assert again.query.name == "maria lopez", "never 'maria lopez thursday'"
    assert again.appointment is not None and again.appointment.id == MARIA_THURSDAY
    assert again.appointment.start.astimezone(LOS_ANGELES).hour == 11


def test_the_word_patient_inside_a_reason_is_not_a_name(clinic: Clinic) -> None:
    conversation = clinic.start("cancel john smith, patient passed away")
    assert conversation.appointment is not None and conversation.appointment.id == JOHN
    assert conversation.query.name is not None and "passed" not in conversation.query.name.lower()
