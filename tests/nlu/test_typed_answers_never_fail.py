"""Property: whatever is typed at an open card, reading it never raises and a choice only names listed items.

A typed answer comes from a person mid-conversation; an exception there would drop the
conversation, so every reader in bot/nlu/answers.py must take any text, including pasted
mail, markup and identifiers, and answer with a value.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import PatientKey
from bot.nlu.answers import choose, is_abort, is_yes, read_choice, read_patient_answer, read_reason
from tests.nlu.test_typed_answers_pick_one_of_a_list import CHI, LISTED, NOW, SLOTS

PIECES = [
    "the",
    "one",
    "on",
    "thursday's",
    "friday",
    "after",
    "that",
    "later",
    "that day",
    "the week after",
    "next",
    "2",
    "#3",
    "2nd",
    "last",
    "the 12th",
    "dec 10",
    "12/10",
    "at",
    "1pm",
    "the 3pm",
    "harbor",
    "with",
    "dr",
    "patel",
    "physio",
    "born in 1991",
    "dob 7/28/1991",
    "never mind",
    "stop",
    "yes",
    "ok",
    "cancel",
    "maria lopez",
    "mraia",
    "48213",
    "#48213",
    "19850210-1234",
    "555-201-3344",
    "\n",
    "> ",
    "Fwd:",
    "<@U1>",
    ":+1:",
    "*",
    "(",
    ")",
    "-",
]
TEXTS = st.one_of(st.text(max_size=80), st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join))
KEYS = frozenset(PatientKey)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_every_reader_answers_any_text_with_a_value(text: str) -> None:
    assert isinstance(is_abort(text), bool)
    assert isinstance(is_yes(text), bool)
    assert read_reason(text) in (
        None,
        "Feeling Better",
        "Condition Worse",
        "Sick",
        "COVID-19 related",
        "Away",
        "Work",
        "Other",
    )
    answer = read_patient_answer(text, now=NOW, tz=CHI, keys=KEYS)
    assert answer.whole_request or answer.intent == "unknown"
    hints = read_choice(text, now=NOW, tz=CHI)
    for items in (LISTED, SLOTS):
        choice = choose(hints, items, zone=CHI, reference=items[1].start)
        assert all(0 <= index < len(items) for index in choice.indices)
        assert (choice.outcome == "chosen") == (len(choice.indices) == 1 and choice.outcome != "several")


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_yes_and_abort_never_both(text: str) -> None:
    assert not (is_yes(text) and is_abort(text))


def test_a_now_with_a_zone_reads_the_same_day_as_the_wall_time() -> None:
    aware = datetime(2026, 12, 1, 16, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 in Chicago
    assert read_choice("the one tomorrow", now=aware, tz=CHI) == read_choice("the one tomorrow", now=NOW, tz=CHI)
