"""The one reader of request case files (JSON lines): each line a request and the contract JSON it must give.

Why data and not Python: a case is a request and its expected answer, nothing more, so a table in code only
adds helpers to read and copies to keep alike. Every case file (tests/nlu/data/*.jsonl and the held-back
set benchmarks/nlu_eval/requests.jsonl) is read here, and a line that is wrong is refused with the file, the
line number and what is wrong, never with the request text (it may hold patient data).

A line: {"id", "text", "now", "tz", "date_order"?, "tags"?, "expected": {...}} and, in the held-back set,
"kind", "identifiers", "also_accept". "expected" holds the five contract fields; for an `unknown` request only
its intent counts (contract), so it may hold the intent alone. Each window's UTC offset must be the one its
zone has on that date, the mistake easiest to make by hand.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DATA = Path(__file__).resolve().parent / "data"
FIELDS = ("intent", "patient", "current", "target", "reason")
PATIENT = ("name", "date_of_birth", "phone", "booking_ref")
INTENTS = ("reschedule", "cancel", "unknown")
_REQUIRED = ("id", "text", "now", "tz", "expected")
_OPTIONAL = ("date_order", "tags", "kind", "identifiers", "also_accept")

Case = dict[str, Any]


class CaseFileError(ValueError):
    """A case file line that cannot be used: the message names the file, the line and the fault."""


def _kind(value: object) -> str:
    """What a JSON value is, in words (`a number`, `a list`)."""
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list", dict: "an object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _window(where: str, zone: ZoneInfo, window: object) -> None:
    if window is None:
        return
    if not isinstance(window, dict) or set(window) != {"start", "end"}:
        raise ValueError(f'{where} must be null or {{"start", "end"}}, not {_kind(window)}')
    for edge in ("start", "end"):
        value = window[edge]
        if value is None and edge == "end":
            continue
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ValueError(f"{where}.{edge} must be an ISO time with its UTC offset, not {value!r}")
        if moment.utcoffset() != moment.astimezone(zone).utcoffset():
            raise ValueError(f"{where}.{edge} {value} has not the UTC offset {zone.key} has on that date")


def _expected(zone: ZoneInfo, expected: object) -> None:
    if not isinstance(expected, dict):
        raise ValueError(f'"expected" must be an object, not {_kind(expected)}')
    if expected.get("intent") not in INTENTS:
        raise ValueError(f'"expected.intent" must be one of {", ".join(INTENTS)}, not {expected.get("intent")!r}')
    unknown = set(expected) - set(FIELDS)
    if unknown:
        raise ValueError(f'"expected" has fields the contract does not: {", ".join(sorted(unknown))}')
    if expected["intent"] == "unknown" and len(expected) == 1:
        return
    missing = [name for name in FIELDS if name not in expected]
    if missing:
        raise ValueError(f'"expected" lacks {", ".join(missing)} (only an unknown request may give its intent alone)')
    patient = expected["patient"]
    if not isinstance(patient, dict) or set(patient) != set(PATIENT):
        raise ValueError(f'"expected.patient" must be an object with exactly {", ".join(PATIENT)}')
    for name in ("current", "target"):
        _window(f'"expected.{name}"', zone, expected[name])


def check(item: object) -> Case:
    """The case if it is well formed; ValueError saying what is wrong (never quoting the text)."""
    if not isinstance(item, dict):
        raise ValueError(f"is not a JSON object but {_kind(item)}")
    missing = [key for key in _REQUIRED if key not in item]
    if missing:
        raise ValueError(f"has no {', '.join(missing)}")
    extra = set(item) - set(_REQUIRED) - set(_OPTIONAL)
    if extra:
        raise ValueError(f"has fields a case does not: {', '.join(sorted(extra))}")
    if not isinstance(item["text"], str):
        raise ValueError(f'has {_kind(item["text"])} as its "text": it must be the request as a string')
    try:
        zone = ZoneInfo(item["tz"])
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"has an unknown time zone {item['tz']!r} (use an IANA name like America/Chicago)") from None
    try:
        datetime.fromisoformat(item["now"])
    except (ValueError, TypeError):
        raise ValueError(f'"now" must be a date and time like 2026-03-05T10:00, not {item["now"]!r}') from None
    if item.get("date_order", "MDY") not in ("MDY", "DMY"):
        raise ValueError(f'"date_order" must be MDY or DMY, not {item["date_order"]!r}')
    _expected(zone, item["expected"])
    for name, windows in (item.get("also_accept") or {}).items():
        for window in windows:
            _window(f'"also_accept.{name}"', zone, window)
    return item


def load(path: Path) -> list[Case]:
    """Every case in one file, in order; CaseFileError at the first bad line or a repeated id."""
    cases: list[Case] = []
    seen: set[object] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = check(json.loads(line))
        except json.JSONDecodeError as error:
            raise CaseFileError(f"{path.name} line {number} is not valid JSON: {error.msg.lower()}") from None
        except ValueError as error:
            raise CaseFileError(f"{path.name} line {number} {error}") from None
        if item["id"] in seen:
            raise CaseFileError(f"{path.name} line {number} repeats the id {item['id']!r}")
        seen.add(item["id"])
        cases.append(item)
    return cases


def expected_answer(case: Case, result: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(what the parser answered, what the case expects) over the fields that count: all five, or for an
    `unknown` request its intent alone."""
    expected = case["expected"]
    if expected["intent"] == "unknown":
        return {"intent": result["intent"]}, {"intent": "unknown"}
    return result, expected
