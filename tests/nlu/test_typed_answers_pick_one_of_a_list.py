"""At "which appointment?" and "which time?", what staff type picks the one they mean (issue 10, item 2).

The list is what a card shows on Tuesday 2026-12-01 in Chicago: two Maria Lopezes, four
appointments, one of them at Harbor Clinic in Los Angeles (1 PM in Chicago is 11 AM there).
An answer that fits several or none says so (the card then shows the list again and why);
a phrase that points from another item (`no, the friday after that`) is resolved only against
that item, never read as a plain date.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain import Appointment, Location, Patient, Practitioner, Service, Slot
from bot.nlu.answers import ChoiceHints, ClockRange, choose, read_choice

CHI = "America/Chicago"
NOW = datetime(2026, 12, 1, 10, 0)
HARBOR = Location(id="harbor", name="Harbor Clinic", timezone="America/Los_Angeles")
DOWNTOWN = Location(id="downtown", name="Downtown Clinic", timezone=CHI)
PHYSIO = Service(id="physio", name="Physiotherapy", duration_minutes=30)
MASSAGE = Service(id="massage", name="Massage", duration_minutes=60)
PATEL = Practitioner(id="patel", name="Dr Anika Patel")
KIM = Practitioner(id="kim", name="Dr. Sam Kim")
MARIA_91 = Patient(id="p1", name="Maria Lopez", date_of_birth=date(1991, 7, 28))
MARIA_85 = Patient(id="p2", name="Maria Lopez", date_of_birth=date(1985, 2, 10))


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=ZoneInfo(CHI))


def _appointment(ident: str, start: datetime, where: Location, what: Service, who: Practitioner, patient: Patient):
    return Appointment(
        id=ident, patient=patient, start=start, end=start, location=where, service=what, practitioner=who
    )


LISTED = (
    _appointment("a0", _at(3, 13), HARBOR, PHYSIO, PATEL, MARIA_91),  # Thu Dec 3, 1 PM (11 AM at Harbor)
    _appointment("a1", _at(4, 9, 30), DOWNTOWN, MASSAGE, KIM, MARIA_91),  # Fri Dec 4, 9:30 AM
    _appointment("a2", _at(11, 15), DOWNTOWN, PHYSIO, PATEL, MARIA_85),  # Fri Dec 11, 3 PM
    _appointment("a3", _at(14, 10), HARBOR, MASSAGE, KIM, MARIA_85),  # Mon Dec 14, 10 AM
)

READINGS = [
    ("2", ChoiceHints(ordinal=2)),
    ("#2", ChoiceHints(ordinal=2)),
    ("the second one", ChoiceHints(ordinal=2)),
    ("2nd one", ChoiceHints(ordinal=2)),
    ("the 2nd", ChoiceHints(ordinal=2, ordinal_or_day=True, day=date(2026, 12, 2))),
    ("the last one", ChoiceHints(ordinal=-1)),
    ("second to last", ChoiceHints(ordinal=-2)),
    ("the one on Thursday", ChoiceHints(weekday=3)),
    ("thursday's", ChoiceHints(weekday=3)),
    ("the thursday one", ChoiceHints(weekday=3)),
    ("the friday one", ChoiceHints(weekday=4)),
    ("the 12th", ChoiceHints(day=date(2026, 12, 12))),
    ("dec 10", ChoiceHints(day=date(2026, 12, 10))),
    ("12/10", ChoiceHints(day=date(2026, 12, 10))),
    ("the one tomorrow", ChoiceHints(day=date(2026, 12, 2))),
    ("the one at 1pm", ChoiceHints(at_time=time(13, 0))),
    ("the 3pm", ChoiceHints(at_time=time(15, 0))),
    ("the one at 9", ChoiceHints(at_time=time(9, 0))),
    ("the morning one", ChoiceHints(clock_range=ClockRange(start_minute=480, end_minute=720))),
    ("the harbor one", ChoiceHints(words=("harbor",))),
    ("the one at harbor", ChoiceHints(words=("harbor",))),
    ("the one with dr patel", ChoiceHints(words=("patel",))),
    ("the physio one", ChoiceHints(words=("physio",))),
    ("the one born in 1991", ChoiceHints(birth_year=1991)),
    ("dob 7/28/1991", ChoiceHints(date_of_birth=date(1991, 7, 28))),
    ("the thursday one at harbor", ChoiceHints(weekday=3, words=("harbor",))),
    ("no, the friday after that", ChoiceHints(weekday=4, relative="after_that")),
    ("the next one", ChoiceHints(relative="after_that")),
    ("the one before that", ChoiceHints(relative="before_that")),
    ("later that day", ChoiceHints(relative="later_same_day")),
    ("earlier that day", ChoiceHints(relative="earlier_same_day")),
    ("the week after", ChoiceHints(relative="week_after")),
    ("hello", ChoiceHints()),
]


@pytest.mark.parametrize(("text", "expected"), READINGS, ids=[text for text, _ in READINGS])
def test_an_answer_is_read_into_typed_hints(text: str, expected: ChoiceHints) -> None:
    assert read_choice(text, now=NOW, tz=CHI) == expected


PICKS = [
    ("the one on Thursday", "chosen", (0,)),
    ("thursday's", "chosen", (0,)),
    ("the thursday one", "chosen", (0,)),
    ("the friday one", "several", (1, 2)),
    ("the second friday one", "chosen", (2,)),
    ("the 11th", "chosen", (2,)),
    ("dec 4", "chosen", (1,)),
    ("12/14", "chosen", (3,)),
    ("the one at 1pm", "chosen", (0,)),
    ("the 11am", "chosen", (0,)),  # the time at Harbor itself, shown beside the viewer's
    ("the 3pm", "chosen", (2,)),
    ("the 9:30", "chosen", (1,)),
    ("the harbor one", "several", (0, 3)),
    ("the one at harbor", "several", (0, 3)),
    ("the thursday one at harbor", "chosen", (0,)),
    ("the one with dr patel", "several", (0, 2)),
    ("the one with dr kim on monday", "chosen", (3,)),
    ("the physio one", "several", (0, 2)),
    ("the massage one at downtown", "chosen", (1,)),
    ("the one born in 1991", "several", (0, 1)),
    ("the friday one born in 1985", "chosen", (2,)),
    ("dob 2/10/1985", "several", (2, 3)),
    ("2", "chosen", (1,)),
    ("#3", "chosen", (2,)),
    ("the last one", "chosen", (3,)),
    ("the 2nd", "chosen", (1,)),  # no appointment on Dec 2: the second listed
    ("the 4th", "several", (1, 3)),  # the one on Dec 4, or the fourth listed: ask
    ("5", "none", ()),
    ("the one on saturday", "none", ()),
    ("the harbour one", "none", ()),  # a word that names none of them is not ignored
    ("hello", "unread", ()),
    ("no, the friday after that", "needs_reference", ()),
]


@pytest.mark.parametrize(("text", "outcome", "indices"), PICKS, ids=[text for text, _, _ in PICKS])
def test_typed_answer_picks_from_the_listed_appointments(text: str, outcome: str, indices: tuple[int, ...]) -> None:
    choice = choose(read_choice(text, now=NOW, tz=CHI), LISTED, zone=CHI)
    assert (choice.outcome, choice.indices) == (outcome, indices)
    assert choice.index == (indices[0] if outcome == "chosen" else None)


RELATIVE = [
    ("no, the friday after that", 1, "chosen", (2,)),  # the Friday after Fri Dec 4 is Dec 11
    ("the friday after that", 2, "none", ()),  # Dec 18 is not listed: said so, not a later Friday
    ("the next one", 0, "chosen", (1,)),
    ("the one before that", 2, "chosen", (1,)),
    ("the week after", 1, "chosen", (2,)),
    ("later that day", 1, "none", ()),
]


@pytest.mark.parametrize(("text", "after", "outcome", "indices"), RELATIVE, ids=[t for t, *_ in RELATIVE])
def test_a_relative_answer_resolves_against_the_item_it_points_from(
    text: str, after: int, outcome: str, indices: tuple[int, ...]
) -> None:
    choice = choose(read_choice(text, now=NOW, tz=CHI), LISTED, zone=CHI, reference=LISTED[after].start)
    assert (choice.outcome, choice.indices) == (outcome, indices)


def _slot(day: int, hour: int) -> Slot:
    start = _at(day, hour)
    return Slot(start=start, end=start, location_id="downtown")


SLOTS = (_slot(5, 9), _slot(5, 11), _slot(5, 14), _slot(7, 9))


@pytest.mark.parametrize(
    ("text", "indices"),
    [("later that day", (2,)), ("earlier that day", (0,)), ("the 2pm", (2,)), ("the monday one", (3,)), ("2", (1,))],
)
def test_typed_answer_picks_an_offered_time(text: str, indices: tuple[int, ...]) -> None:
    choice = choose(read_choice(text, now=NOW, tz=CHI), SLOTS, zone=CHI, reference=SLOTS[1].start)
    assert choice.indices == indices
