"""A database file made the way the bot made it before the store protocol (schema version 1).

The table creation is the old `bot/store/store.py`'s `_migrate_1`, verbatim,
with the old way of writing rows (plain `sqlite3`, default umask, no WAL
pragmas of ours), so the upgrade test starts from what a clinic has on disk.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import sqlite_utils

from bot.engine.state import FINAL_STEPS, Conversation
from bot.store import AuditEntry


def _migrate_1(db: sqlite_utils.Database) -> None:
    db.table("conversations").create(
        {
            "id": str,
            "user_id": str,
            "step": str,
            "final": int,
            "version": int,
            "updated_at": str,
            "state": str,
            "surface": str,
        },
        pk="id",
    )
    db.table("conversations").create_index(["user_id", "final"])
    db.table("conversations").create_index(["final", "updated_at"])
    db.table("audit_log").create(
        {
            "id": int,
            "at": str,
            "slack_user": str,
            "backend": str,
            "action": str,
            "appointment_id": str,
            "old_start": str,
            "new_start": str,
            "reason": str,
            "outcome": str,
            "detail": str,
            "conversation_id": str,
        },
        pk="id",
    )
    db.table("audit_log").create_index(["at"])
    db.table("processed_events").create({"event_id": str, "at": str}, pk="event_id")


def make_old_file(
    path: Path, conversations: list[tuple[Conversation, dict[str, object]]], audit: list[AuditEntry], events: list[str]
) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    db = sqlite_utils.Database(connection)
    db.enable_wal()
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    _migrate_1(db)
    db.execute("INSERT INTO schema_version (version) VALUES (?)", [1])
    for conversation, surface in conversations:
        db.table("conversations").insert(
            {
                "id": conversation.id,
                "user_id": conversation.user_id,
                "step": conversation.step.value,
                "final": int(conversation.step in FINAL_STEPS),
                "version": conversation.version,
                "updated_at": conversation.updated_at.isoformat(),
                "state": conversation.model_dump_json(),
                "surface": json.dumps(surface),
            }
        )
    for entry in audit:
        db.table("audit_log").insert(entry.model_dump(mode="json"))
    for event_id in events:
        db.execute("INSERT INTO processed_events (event_id, at) VALUES (?, ?)", [event_id, "2026-03-05T16:00:00+00:00"])
    connection.close()
