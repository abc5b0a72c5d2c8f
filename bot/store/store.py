"""Conversations, the audit log and processed Slack event ids, in SQLite.

Why these choices:
- WAL and a connection per thread: Bolt runs listeners in a thread pool, and
  a shared sqlite3 connection across threads is a bug waiting to happen.
- Compare-and-set saves on `version`: two clicks racing on the same card both
  read version N; only the first `UPDATE … WHERE version = N` wins, the other
  is told "already handled". No locks held across a backend call.
- A schema version with ordered migrations applied at start-up, so an upgrade
  never needs a manual step.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.engine.state import FINAL_STEPS, Conversation, Step
from bot.engine.turn import Stored, Surface
from bot.store.connection import ThreadLocalDatabase
from bot.store.protocol import AuditEntry, InboxEntry, Lease, LeaseTaken


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


def _migrate_2(db: sqlite_utils.Database) -> None:
    """Interim (the lead's): leases and the inbox, until the store rework lands."""
    db.table("leases").create({"name": str, "owner": str, "until": str}, pk="name")
    db.table("inbox").create(
        {"key": str, "kind": str, "body": str, "received_at": str, "done": int, "attempts": int}, pk="key"
    )
    db.table("inbox").create_index(["done", "received_at"])


MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {1: _migrate_1, 2: _migrate_2}
SCHEMA_VERSION = max(MIGRATIONS)


@dataclass
class Store:
    path: Path
    _database: ThreadLocalDatabase = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._database = ThreadLocalDatabase(self.path)
        self.migrate()

    # -- connections ----------------------------------------------------------------
    def _db(self) -> sqlite_utils.Database:
        return self._database.db()

    def _transaction(self) -> AbstractContextManager[sqlite_utils.Database]:
        return self._database.transaction()

    def migrate(self) -> None:
        with self._transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
            current = row[0] or 0
            for version in sorted(MIGRATIONS):
                if version > current:
                    MIGRATIONS[version](db)
                    db.execute("INSERT INTO schema_version (version) VALUES (?)", [version])

    def schema_version(self) -> int:
        row = self._db().execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    # -- conversations ----------------------------------------------------------------
    def insert(self, conversation: Conversation, surface: Surface) -> Stored:
        saved = conversation.model_copy(update={"version": 1})
        with self._transaction() as db:
            db.table("conversations").insert(self._row(saved, surface))
        return Stored(saved, surface)

    def save(
        self,
        conversation: Conversation,
        *,
        expected_version: int,
        surface: Surface | None = None,
        take_lease: Lease | None = None,
        drop_lease: str | None = None,
        audit: Sequence[AuditEntry] = (),
    ) -> Stored | None:
        """Compare-and-set: store `conversation` as version N+1 only if the row is still at N."""
        saved = conversation.model_copy(update={"version": expected_version + 1})
        with self._transaction() as db:
            row = db.execute(
                "SELECT surface FROM conversations WHERE id = ? AND version = ?", [conversation.id, expected_version]
            ).fetchone()
            if row is None:
                return None
            if take_lease is not None:
                held = db.execute("SELECT owner, until FROM leases WHERE name = ?", [take_lease.name]).fetchone()
                if held and held[0] != take_lease.owner and held[1] > _iso(conversation.updated_at):
                    raise LeaseTaken(Lease(take_lease.name, held[0], datetime.fromisoformat(held[1])))
                db.execute(
                    "INSERT OR REPLACE INTO leases (name, owner, until) VALUES (?, ?, ?)",
                    [take_lease.name, take_lease.owner, _iso(take_lease.until)],
                )
            if drop_lease is not None:
                db.execute("DELETE FROM leases WHERE name = ? AND owner = ?", [drop_lease, conversation.id])
            for entry in audit:
                db.table("audit_log").insert(entry.model_dump(mode="json"))
            kept_surface = surface if surface is not None else json.loads(row[0])
            values = self._row(saved, kept_surface)
            db.execute(
                "UPDATE conversations SET step = ?, final = ?, version = ?, updated_at = ?, state = ?, surface = ? "
                "WHERE id = ? AND version = ?",
                [
                    values["step"],
                    values["final"],
                    values["version"],
                    values["updated_at"],
                    values["state"],
                    values["surface"],
                    conversation.id,
                    expected_version,
                ],
            )
        return Stored(saved, kept_surface)

    def update_surface(self, conversation_id: str, surface: Surface) -> None:
        """Record where a card now lives (a DM message ts) without bumping the version."""
        with self._transaction() as db:
            db.execute("UPDATE conversations SET surface = ? WHERE id = ?", [json.dumps(surface), conversation_id])

    def get(self, conversation_id: str) -> Stored | None:
        row = self._db().execute("SELECT state, surface FROM conversations WHERE id = ?", [conversation_id]).fetchone()
        return None if row is None else self._stored(row)

    def active_for_user(self, user_id: str, *, surface_kind: str | None = None) -> Stored | None:
        """The person's newest open conversation (optionally only those drawn in a given kind of surface)."""
        rows = self._db().execute(
            "SELECT state, surface FROM conversations WHERE user_id = ? AND final = 0 ORDER BY updated_at DESC",
            [user_id],
        )
        for row in rows:
            stored = self._stored(row)
            if surface_kind is None or stored.surface.get("kind") == surface_kind:
                return stored
        return None

    def open_conversations(
        self, *, step: Step | None = None, idle_since: datetime | None = None, limit: int = 500
    ) -> list[Stored]:
        sql = "SELECT state, surface FROM conversations WHERE final = 0"
        params: list[Any] = []
        if step is not None:
            sql += " AND step = ?"
            params.append(step.value)
        if idle_since is not None:
            sql += " AND updated_at < ?"
            params.append(_iso(idle_since))
        return [self._stored(row) for row in self._db().execute(sql, params)]

    def purge_finished(self, before: datetime, *, batch: int = 500) -> int:
        """Forget finished conversations (they hold patient data); the audit log keeps the ids."""
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM conversations WHERE final = 1 AND updated_at < ?", [_iso(before)])
            return int(cursor.rowcount)

    # -- Slack events --------------------------------------------------------------------
    def first_delivery(self, event_id: str, now: datetime) -> bool:
        """True the first time an event id is seen; Slack retries of it return False."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO processed_events (event_id, at) VALUES (?, ?)", [event_id, _iso(now)]
            )
            return cursor.rowcount == 1

    def forget_events(self, before: datetime) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM processed_events WHERE at < ?", [_iso(before)])

    # -- leases, inbox (interim) --------------------------------------------------------
    def take_lease(self, lease: Lease, *, now: datetime) -> bool:
        with self._transaction() as db:
            held = db.execute("SELECT owner, until FROM leases WHERE name = ?", [lease.name]).fetchone()
            if held and held[0] != lease.owner and held[1] > _iso(now):
                return False
            db.execute(
                "INSERT OR REPLACE INTO leases (name, owner, until) VALUES (?, ?, ?)",
                [lease.name, lease.owner, _iso(lease.until)],
            )
        return True

    def lease(self, name: str) -> Lease | None:
        row = self._db().execute("SELECT owner, until FROM leases WHERE name = ?", [name]).fetchone()
        return None if row is None else Lease(name, row[0], datetime.fromisoformat(row[1]))

    def drop_lease(self, name: str, owner: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM leases WHERE name = ? AND owner = ?", [name, owner])

    def inbox_add(self, entry: InboxEntry) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO inbox (key, kind, body, received_at, done, attempts) VALUES (?, ?, ?, ?, 0, 0)",
                [entry.key, entry.kind, entry.body, _iso(entry.received_at)],
            )
            return cursor.rowcount == 1

    def inbox_done(self, key: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE inbox SET done = 1, body = '' WHERE key = ?", [key])

    def inbox_unfinished(self, *, received_before: datetime) -> list[InboxEntry]:
        rows = self._db().execute(
            "SELECT key, kind, body, received_at, attempts FROM inbox WHERE done = 0 AND received_at < ? "
            "ORDER BY received_at",
            [_iso(received_before)],
        )
        return [InboxEntry(row[0], row[1], row[2], datetime.fromisoformat(row[3]), row[4]) for row in rows]

    def purge_inbox(self, before: datetime) -> int:
        with self._transaction() as db:
            return int(db.execute("DELETE FROM inbox WHERE received_at < ?", [_iso(before)]).rowcount)

    def purge_audit(self, before: datetime) -> int:
        with self._transaction() as db:
            return int(db.execute("DELETE FROM audit_log WHERE at < ?", [_iso(before)]).rowcount)

    def check_health(self) -> None:
        with self._transaction() as db:
            db.execute("SELECT COUNT(*) FROM schema_version").fetchone()

    def close(self) -> None:
        self._database.close()

    # -- audit -------------------------------------------------------------------------
    def audit(self, entries: Sequence[AuditEntry] | AuditEntry) -> None:
        rows = [entries] if isinstance(entries, AuditEntry) else list(entries)
        with self._transaction() as db:
            for entry in rows:
                db.table("audit_log").insert(entry.model_dump(mode="json"))

    def audit_entries(self, *, since: datetime | None = None) -> list[AuditEntry]:
        sql = "SELECT at, slack_user, backend, action, appointment_id, old_start, new_start, reason, outcome, detail, "
        sql += "conversation_id FROM audit_log"
        params: list[Any] = []
        if since is not None:
            sql += " WHERE at >= ?"
            params.append(_iso(since))
        sql += " ORDER BY id"
        columns = [
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
        ]
        return [
            AuditEntry.model_validate(dict(zip(columns, row, strict=True))) for row in self._db().execute(sql, params)
        ]

    # -- rows --------------------------------------------------------------------------
    @staticmethod
    def _row(conversation: Conversation, surface: Surface) -> dict[str, Any]:
        return {
            "id": conversation.id,
            "user_id": conversation.user_id,
            "step": conversation.step.value,
            "final": int(conversation.step in FINAL_STEPS),
            "version": conversation.version,
            "updated_at": _iso(conversation.updated_at),
            "state": conversation.model_dump_json(),
            "surface": json.dumps(surface),
        }

    @staticmethod
    def _stored(row: tuple[str, str]) -> Stored:
        return Stored(Conversation.model_validate_json(row[0]), json.loads(row[1]))


def _iso(instant: datetime) -> str:
    """UTC ISO strings sort as text, which the idle and purge queries rely on."""
    return instant.astimezone(UTC).isoformat()
