"""Cliniko's `q[]` filters, operators and `sort`, as the readme documents them, and its JSON conventions."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tests.fakes.stub_server import StubResponse

REASONS = {
    10: "Feeling Better",
    20: "Condition Worse",
    30: "Sick",
    31: "COVID-19 related",
    40: "Away",
    50: "Other",
    60: "Work",
}
TIME_FRAME = "Invalid time frame definition. Please check from/to param limitations."
NOT_FOUND = {"status": "404", "error": "Not Found"}
OPERATORS = ("~~", ">=", "<=", "!=", "!?", "=", ">", "<", "~", "?", "*")
ALLOWED_OPS = {
    "id": {"=", "!=", ">=", ">", "<=", "<", "?", "!?"},
    "datetime": {">=", ">", "<=", "<", "?", "!?", "*"},
    "date": {"=", ">=", ">", "<=", "<", "?", "!?"},
    "string": {"=", "!=", "~", "~~", "?", "!?"},
    "bool": {"=", "!="},
}
STAMPS = {"created_at": "datetime", "updated_at": "datetime", "id": "id"}
FILTERS: dict[str, dict[str, str]] = {
    "patients": {
        **STAMPS,
        "first_name": "string",
        "last_name": "string",
        "email": "string",
        "date_of_birth": "date",
        "old_reference_id": "string",
        "archived_at": "datetime",
    },
    "individual_appointments": {
        **STAMPS,
        "patient_id": "id",
        "practitioner_id": "id",
        "business_id": "id",
        "appointment_type_id": "id",
        "repeated_from_id": "id",
        "starts_at": "datetime",
        "ends_at": "datetime",
        "cancelled_at": "datetime",
        "archived_at": "datetime",
        "deleted_at": "datetime",
        "did_not_arrive": "bool",
    },
    "group_appointments": {
        **STAMPS,
        "practitioner_id": "id",
        "business_id": "id",
        "appointment_type_id": "id",
        "starts_at": "datetime",
        "ends_at": "datetime",
        "archived_at": "datetime",
        "deleted_at": "datetime",
    },
    "attendees": {
        **STAMPS,
        "booking_id": "id",
        "patient_id": "id",
        "cancelled_at": "datetime",
        "archived_at": "datetime",
        "deleted_at": "datetime",
    },
    "businesses": {**STAMPS, "archived_at": "datetime"},
    "practitioners": dict(STAMPS),
    "appointment_types": {**STAMPS, "archived_at": "datetime"},
}
HIDDEN_UNLESS_ASKED = ("cancelled_at", "archived_at", "deleted_at")


def z(instant: datetime) -> str:
    """Cliniko's instant: UTC with `Z`."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text.endswith("Z"):
        return None
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00")
    except ValueError:
        return None


def stamp(value: datetime | None) -> str | None:
    return None if value is None else z(value)


def invalid(errors: dict[str, str], status: int = 422) -> StubResponse:
    return StubResponse(status, {"message": "Validation Failed", "errors": errors})


def message(status: int, text: str) -> StubResponse:
    return StubResponse(status, {"message": text})


def not_found() -> StubResponse:
    return StubResponse(404, dict(NOT_FOUND))


def parse_filter(text: str, kinds: dict[str, str]) -> tuple[str, str, str] | str:
    """`starts_at:>=2026-12-01T00:00:00Z` -> (field, op, value); a string is the 400 message."""
    name, colon, rest = text.partition(":")
    if not colon or name not in kinds:
        return f"Invalid filter: {name!r} cannot be filtered on"
    for op in OPERATORS:
        if rest.startswith(op):
            value = rest[len(op) :]
            break
    else:
        return f"Invalid filter operator in {text!r}"
    kind = kinds[name]
    if op not in ALLOWED_OPS[kind]:
        return f"Invalid filter operator {op!r} for {name}"
    if kind == "datetime" and op not in ("?", "!?", "*") and instant(value) is None:
        return f"Invalid date-time in filter {name}: use UTC with Z, e.g. 2026-12-02T15:00:00Z"
    return name, op, value


def holds(actual: Any, op: str, value: str, kind: str) -> bool:
    if op == "*":
        return True
    if op == "?":
        return actual not in (None, "")
    if op == "!?":
        return actual in (None, "")
    if actual is None:
        return False
    if kind == "id":
        wanted = [int(part) for part in value.split(",") if part.strip().isdigit()]
        number = int(actual)
        return _compare(number, op, wanted[0] if wanted else -1) if op != "=" else number in wanted
    if kind == "datetime":
        moment = instant(value)
        assert moment is not None
        return _compare(actual if isinstance(actual, datetime) else instant(actual), op, moment)
    if kind == "date":
        return _compare(str(actual), op, value)
    if kind == "bool":
        return (str(actual).lower() == value.lower()) == (op == "=")
    text, wanted_text = str(actual).lower(), value.lower()
    if op == "~":
        return wanted_text in text
    if op == "~~":
        pattern = "^" + ".*".join(re.escape(part) for part in wanted_text.split("%")) + "$"
        return re.match(pattern, text) is not None
    return (text == wanted_text) == (op == "=")


def _compare(left: Any, op: str, right: Any) -> bool:
    if left is None:
        return False
    return {
        "=": left == right,
        "!=": left != right,
        ">=": left >= right,
        ">": left > right,
        "<=": left <= right,
        "<": left < right,
    }[op]


def select(rows: list[dict[str, Any]], filters: list[str], collection: str) -> list[dict[str, Any]] | str:
    """The rows every filter holds for (hidden ones only when a filter names them); a string is the 400 text."""
    kinds = FILTERS.get(collection, STAMPS)
    parsed = []
    for text in filters:
        condition = parse_filter(text, kinds)
        if isinstance(condition, str):
            return condition
        parsed.append(condition)
    named = {field_name for field_name, _, _ in parsed}
    return [
        row
        for row in rows
        if all(row.get(hidden) is None or hidden in named for hidden in HIDDEN_UNLESS_ASKED)
        and all(holds(row.get(field_name), op, value, kinds[field_name]) for field_name, op, value in parsed)
    ]


def ordered(rows: list[dict[str, Any]], sort: str | None) -> list[dict[str, Any]]:
    result = sorted(rows, key=lambda row: (_sort_key(row.get("created_at")), int(row["id"])))
    for part in reversed([part for part in (sort or "").split(",") if part]):
        name, _, direction = part.partition(":")
        result.sort(key=_field_key(name), reverse=direction == "desc")
    return result


def _field_key(name: str) -> Callable[[dict[str, Any]], tuple[int, str]]:
    return lambda row: _sort_key(row.get(name))


def _sort_key(value: Any) -> tuple[int, str]:
    if value is None:
        return (0, "")
    if isinstance(value, datetime):
        return (1, z(value))
    return (1, str(value))


def overlap(first: dict[str, Any], second: dict[str, Any]) -> bool:
    return bool(first["starts_at"] < second["ends_at"] and second["starts_at"] < first["ends_at"])


def cancel_problem(body: Any, accepted: set[int]) -> StubResponse | None:
    reason = body.get("cancellation_reason") if isinstance(body, dict) else None
    if isinstance(reason, bool) or not isinstance(reason, int) or reason not in accepted:
        return invalid({"cancellation_reason": "is not included in the list"})
    note = body.get("cancellation_note")
    if note is not None and not isinstance(note, str):
        return invalid({"cancellation_note": "must be text"})
    return None
