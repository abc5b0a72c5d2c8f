"""How a parser answer is compared with a label, field by field (used by score.py).

Windows are equal when their instants are equal and so are their UTC offsets: the contract asks for the
offset the zone has on that date, so a right instant with the wrong offset is a miss.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

FIELDS = (
    "intent",
    "patient.name",
    "patient.date_of_birth",
    "patient.phone",
    "patient.booking_ref",
    "current",
    "target",
    "reason",
)
WINDOWS = ("current", "target")
IDENTIFIER_FIELDS = ("patient.date_of_birth", "patient.phone", "patient.booking_ref")
DATE_LIKE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{1,2}:\d{2}|\b\d{3,4}\b|\b\d{1,2}(?:st|nd|rd|th)\b"
)

Case = dict[str, Any]


def value(answer: Any, path: str) -> Any:
    """The value at a dotted path ("patient.name"), None where any step is missing."""
    for key in path.split("."):
        answer = answer.get(key) if isinstance(answer, dict) else None
    return answer


def scored_fields(case: Case) -> tuple[str, ...]:
    """For unknown requests the contract says only the intent matters."""
    return ("intent",) if case["expected"]["intent"] == "unknown" else FIELDS


def _instant(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _same_instant(expected: str | None, got: Any) -> bool:
    if expected is None:
        return got is None
    want, have = _instant(expected), _instant(got)
    return want is not None and have is not None and want == have and want.utcoffset() == have.utcoffset()


def same_window(expected: dict[str, Any] | None, got: Any) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if not isinstance(got, dict):
        return False
    return _same_instant(expected["start"], got.get("start")) and _same_instant(expected["end"], got.get("end"))


def field_right(case: Case, name: str, got: Any) -> bool:
    if got is None:
        return False
    expected = value(case["expected"], name)
    if name in WINDOWS:
        options = [expected, *case.get("also_accept", {}).get(name, [])]
        return any(same_window(option, value(got, name)) for option in options)
    return bool(expected == value(got, name))


def windows_differ(got: Any, control: Any) -> bool:
    """Whether removing the identifiers from the text changed the windows the parser found."""
    if got is None or control is None:
        return False
    return any(not same_window(value(control, name), value(got, name)) for name in WINDOWS)


def control_text(case: Case) -> str:
    """The request without its identifier spans: what the parser should read the same times from."""
    text: str = case["text"]
    for span in case.get("identifiers", []):
        text = text.replace(span, " ")
    return text


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _day_month_pairs(token: str) -> set[tuple[int, int]]:
    numbers = [int(n) for n in re.findall(r"\d+", token)]
    if len(token) == 10 and token[4] == "-":
        return {(numbers[1], numbers[2])}
    return {(numbers[0], numbers[1]), (numbers[1], numbers[0])} if len(numbers) >= 2 else set()


def dates_read_as_identifiers(case: Case, got: Any) -> list[str]:
    """Identifier fields the parser filled wrongly with something taken from a date or time in the text.

    Only the text outside the labelled identifiers is searched, so a real identifier never counts; a birth date
    also counts when its month and day are the appointment's own.
    """
    if got is None:
        return []
    tokens = DATE_LIKE.findall(control_text(case))
    found = []
    for name in IDENTIFIER_FIELDS:
        have = value(got, name)
        if not isinstance(have, str) or have == value(case["expected"], name):
            continue
        if name == "patient.date_of_birth":
            try:
                born = date.fromisoformat(have)
            except ValueError:
                continue
            appointment_days = {
                (start.month, start.day)
                for start in (
                    _instant(window["start"]) for window in (value(case["expected"], w) for w in WINDOWS) if window
                )
                if start is not None
            }
            pairs = {pair for token in tokens for pair in _day_month_pairs(token)}
            if (born.month, born.day) in pairs | appointment_days:
                found.append(name)
            continue
        digits = _digits(have)
        for token in tokens:
            token_digits = _digits(token)
            if digits and (digits == token_digits or (len(token_digits) >= 3 and token_digits in digits)):
                found.append(name)
                break
    return found


def _short(window: Any) -> str:
    if not isinstance(window, dict):
        return str(window)
    return f"{window.get('start')} .. {window.get('end')}"


def show(case: Case, name: str, got: Any) -> str:
    """One miss as `field: expected X | got Y`."""
    expected = value(case["expected"], name)
    have = value(got, name) if got is not None else "(no answer)"
    if name in WINDOWS:
        alternatives = case.get("also_accept", {}).get(name, [])
        shown = " or ".join(_short(w) for w in [expected, *alternatives]) if expected is not None else "null"
        return f"{name}: expected {shown} | got {_short(have) if have is not None else 'null'}"
    return f"{name}: expected {expected!r} | got {have!r}"
