"""Property: parsing any text never raises and always returns the contract's shape."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu import parse_request

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?[+-]\d\d:\d\d$")
REASONS = {None, "Feeling Better", "Condition Worse", "Sick", "COVID-19 related", "Away", "Work", "Other"}
WORDS = [
    "move",
    "cancel",
    "pt",
    "Maria",
    "Lopez's",
    "from",
    "to",
    "->",
    "tomorrow",
    "tmrw",
    "fri",
    "next",
    "week",
    "3pm",
    "at",
    "3",
    "2:30",
    "between",
    "and",
    "after",
    "before",
    "noon",
    "morning",
    "the 30th",
    "3/16",
    "DOB",
    "4/5/1980",
    "555-201-3344",
    "#48213",
    "booking",
    "asap",
    "instead",
    "of",
    "sick",
    "covid",
    "<@U0123>",
    "<#C1|desk>",
    ":tada:",
    "*bold*",
    "_it_",
    "~x~",
    "half past",
    "quarter to",
    "in",
    "days",
    "a week from",
    "this",
    "Friday",
    "16:30",
    "12",
    "-",
    ",",
    "?",
    "can't make it",
    "she",
    "her",
    "appt",
]
ZONES = ["America/Chicago", "Europe/Berlin", "UTC", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns"]


def _check_window(window: object) -> None:
    if window is None:
        return
    assert isinstance(window, dict) and set(window) == {"start", "end"}
    assert isinstance(window["start"], str) and ISO.match(window["start"])
    assert window["end"] is None or (isinstance(window["end"], str) and ISO.match(window["end"]))


def _check_shape(result: dict[str, object]) -> None:
    assert set(result) == {"intent", "patient", "current", "target", "reason"}
    assert result["intent"] in {"reschedule", "cancel", "unknown"}
    patient = result["patient"]
    assert isinstance(patient, dict) and set(patient) == {"name", "date_of_birth", "phone", "booking_ref"}
    for value in patient.values():
        assert value is None or isinstance(value, str)
    if patient["phone"] is not None:
        assert re.fullmatch(r"\+?\d+", patient["phone"])
    _check_window(result["current"])
    _check_window(result["target"])
    assert result["reason"] in REASONS
    if result["intent"] == "cancel":
        assert result["target"] is None
    if result["intent"] == "reschedule":
        assert result["reason"] is None


moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200), now=moments, zone=st.sampled_from(ZONES), order=st.sampled_from(["MDY", "DMY"]))
def test_any_text_parses_to_the_contract_shape(text: str, now: datetime, zone: str, order: str) -> None:
    _check_shape(parse_request(text, now, zone, "DMY" if order == "DMY" else "MDY").to_contract_json())


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=25),
    now=moments,
    zone=st.sampled_from(ZONES),
)
def test_request_like_text_parses_to_the_contract_shape(words: list[str], now: datetime, zone: str) -> None:
    _check_shape(parse_request(" ".join(words), now, zone).to_contract_json())


@settings(max_examples=100, deadline=None)
@given(now=moments, offset=st.integers(min_value=-14 * 60, max_value=14 * 60))
def test_aware_now_is_read_in_the_clinic_zone(now: datetime, offset: int) -> None:
    from datetime import timezone

    aware = now.replace(tzinfo=timezone(timedelta(minutes=offset)))
    result = parse_request("move pt Lee asap", aware, "America/Chicago").to_contract_json()
    target = result["target"]
    assert isinstance(target, dict)
    assert datetime.fromisoformat(str(target["start"])) == aware
