"""A bad line in a case file is refused with the file, the line and what is wrong, never the request text.

Whoever adds a case by hand must find the mistake at once (a window with last month's UTC offset is the easy
one to make), and a silently skipped or half-read case would weaken the suite without anyone noticing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.nlu.case_files import CaseFileError, load

GOOD = {
    "id": "c-1",
    "text": "cancel Maria Lopez tmrw",
    "now": "2026-03-05T10:00",
    "tz": "America/Chicago",
    "expected": {
        "intent": "cancel",
        "patient": {"name": "Maria Lopez", "date_of_birth": None, "phone": None, "booking_ref": None},
        "current": {"start": "2026-03-06T00:00:00-06:00", "end": "2026-03-07T00:00:00-06:00"},
        "target": None,
        "reason": None,
    },
}


def _file(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def _with(**changes: object) -> dict[str, object]:
    return {**GOOD, **changes}


def _expecting(**changes: object) -> dict[str, object]:
    return _with(expected={**GOOD["expected"], **changes})  # type: ignore[dict-item]


def test_a_good_file_is_read_whole_and_blank_lines_are_passed_over(tmp_path: Path) -> None:
    assert load(_file(tmp_path, GOOD, "", _with(id="c-2"))) == [GOOD, _with(id="c-2")]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ('{"id": "c-2", "text": "can', "cases.jsonl line 2 is not valid JSON: unterminated string starting at"),
        ([1, 2], "cases.jsonl line 2 is not a JSON object but a list"),
        ({k: v for k, v in GOOD.items() if k != "expected"}, "cases.jsonl line 2 has no expected"),
        (_with(id="c-1"), "cases.jsonl line 2 repeats the id 'c-1'"),
        (_with(text=42), 'cases.jsonl line 2 has a number as its "text"'),
        (_with(tz="Mars/Olympus"), "cases.jsonl line 2 has an unknown time zone 'Mars/Olympus'"),
        (_with(date_order="YMD"), 'cases.jsonl line 2 "date_order" must be MDY or DMY'),
        (_with(when="fri"), "cases.jsonl line 2 has fields a case does not: when"),
        (_expecting(intent="book"), 'cases.jsonl line 2 "expected.intent" must be one of'),
        (_expecting(target=None, reason=None, current=None, patient=None), '"expected.patient" must be an object'),
        (_with(expected={"intent": "cancel"}), '"expected" lacks patient, current, target, reason'),
        (
            _expecting(current={"start": "2026-03-10T00:00:00-06:00", "end": None}),
            '"expected.current".start 2026-03-10T00:00:00-06:00 has not the UTC offset America/Chicago has',
        ),
        (_expecting(current={"start": "2026-03-10"}), '"expected.current" must be null or {"start", "end"}'),
        (_expecting(current={"start": "tue", "end": None}), "must be an ISO time with its UTC offset, not 'tue'"),
    ],
)
def test_a_bad_line_is_named_with_what_is_wrong(tmp_path: Path, line: object, error: str) -> None:
    with pytest.raises(CaseFileError) as refused:
        load(_file(tmp_path, GOOD, line))
    assert str(refused.value).startswith(error) or error in str(refused.value)
    assert "Maria" not in str(refused.value)


def test_an_unknown_request_may_give_its_intent_alone(tmp_path: Path) -> None:
    line = _with(id="u-1", text="thanks team!", expected={"intent": "unknown"})
    assert load(_file(tmp_path, line)) == [line]
