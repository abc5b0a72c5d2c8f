"""Conversations, audit entries and inbox entries <-> database rows, the same for SQLite and PostgreSQL.

Why here: both stores must write and read the very same JSON, and decide the
very same way that a row is unreadable. A row is decoded once (one pydantic
validation of the state, one `json.loads` of the surface); anything that stops
it - bad JSON, a model that no longer validates after an upgrade, a surface
that is not an object - becomes `Unreadable`, which carries only the error's
type: pydantic errors quote the input (patient names, phones), so their
message is never kept, logged or raised.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from bot.engine.state import FINAL_STEPS, Conversation
from bot.engine.turn import Stored, Surface
from bot.store.protocol import AuditEntry, InboxEntry, Lease

AUDIT_COLUMNS = (
    "at",
    "slack_user",
    "backend",
    "action",
    "appointment_id",
    "old_start",
    "new_start",
    "reason",
    "outcome",
    "detail",
    "conversation_id",
)


class Unreadable(Exception):
    """A stored conversation that cannot be turned back into one. `error_type` is free of patient data."""

    def __init__(self, error_type: str) -> None:
        self.error_type = error_type
        super().__init__(error_type)


def iso(instant: datetime) -> str:
    """UTC ISO text (SQLite's time format): it sorts as text, which the idle and purge queries rely on."""
    return instant.astimezone(UTC).isoformat()


def instant(value: str | datetime) -> datetime:
    """A time read back from either database (ISO text from SQLite, a datetime from PostgreSQL)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def surface_kind(surface: Surface) -> str | None:
    kind = surface.get("kind")
    return kind if isinstance(kind, str) else None


def conversation_row(conversation: Conversation, surface: Surface) -> dict[str, Any]:
    """Every column of a conversation; `updated_at` stays a datetime (each store encodes times its own way)."""
    return {
        "id": conversation.id,
        "user_id": conversation.user_id,
        "step": conversation.step.value,
        "final": int(conversation.step in FINAL_STEPS),
        "version": conversation.version,
        "updated_at": conversation.updated_at,
        "state": conversation.model_dump_json(),
        "surface": json.dumps(surface),
        "surface_kind": surface_kind(surface),
    }


def next_version(
    conversation: Conversation, expected_version: int, surface: Surface | None
) -> tuple[Conversation, dict[str, Any]]:
    """A compare-and-set's new version and its row; with no new surface, the row's surface columns are None
    (the UPDATE keeps the stored ones)."""
    saved = conversation.model_copy(update={"version": expected_version + 1})
    values = conversation_row(saved, surface if surface is not None else {})
    if surface is None:
        values["surface"] = values["surface_kind"] = None
    return saved, values


def kept_surface(surface: Surface | None, stored: Any) -> Surface:
    """The surface a saved conversation now has: the new one, else the stored one ({} if it cannot be read)."""
    if surface is not None:
        return surface
    try:
        return decode_surface(stored)
    except Unreadable:
        return {}


def decode_surface(text: Any) -> Surface:
    if not isinstance(text, str):
        raise Unreadable("surface missing")
    try:
        surface = json.loads(text)
    except ValueError as error:
        raise Unreadable(type(error).__name__) from None
    if not isinstance(surface, dict):
        raise Unreadable("surface not an object")
    return surface


def decode_conversation(state: Any, surface: Any) -> Stored:
    """One stored row -> Stored, or `Unreadable` naming only the error's type (never its message)."""
    if not isinstance(state, str):
        raise Unreadable("state missing")
    try:
        conversation = Conversation.model_validate_json(state)
    except ValidationError as error:
        # The error codes ("json_invalid", "enum", "missing") say what broke without quoting the input.
        codes = sorted({str(item["type"]) for item in error.errors(include_url=False, include_input=False)})
        raise Unreadable(f"ValidationError ({', '.join(codes)})") from None
    except (ValueError, TypeError) as error:
        raise Unreadable(type(error).__name__) from None
    return Stored(conversation, decode_surface(surface))


def audit_row(entry: AuditEntry) -> dict[str, Any]:
    """An audit entry's columns, times as datetimes (or None)."""
    return {
        "at": entry.at,
        "slack_user": entry.slack_user,
        "backend": entry.backend,
        "action": entry.action,
        "appointment_id": entry.appointment_id,
        "old_start": entry.old_start,
        "new_start": entry.new_start,
        "reason": entry.reason,
        "outcome": entry.outcome,
        "detail": entry.detail,
        "conversation_id": entry.conversation_id,
    }


def audit_entry(row: Mapping[str, Any]) -> AuditEntry:
    values = {column: row[column] for column in AUDIT_COLUMNS}
    values["detail"] = values["detail"] or ""
    values["conversation_id"] = values["conversation_id"] or ""
    return AuditEntry.model_validate(values)


def inbox_entry(row: Mapping[str, Any]) -> InboxEntry:
    return InboxEntry(
        key=row["key"],
        kind=row["kind"],
        body=row["body"] or "",
        received_at=instant(row["received_at"]),
        attempts=int(row["attempts"]),
    )


def lease_from_row(row: Mapping[str, Any]) -> Lease:
    return Lease(name=row["name"], owner=row["owner"], until=instant(row["until"]))


def as_entries(entries: Any) -> list[AuditEntry]:
    """`audit(entry)` (deprecated, one entry) and `audit([entries])` alike."""
    return [entries] if isinstance(entries, AuditEntry) else list(entries)
