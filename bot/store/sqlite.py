"""The store in one SQLite file (the default): conversations, leases, the inbox, the audit log.

Why these choices:
- sqlite-utils for the connection and the schema; the compare-and-set is one
  raw `UPDATE … WHERE id = ? AND version = ? RETURNING surface` (two clicks
  racing on the same card both read version N, only the first update
  matches), and the hot paths are plain statements (sqlite_sql.py).
- One transaction per method, holding the write lock from its start, so a
  lease check and its write cannot interleave with another process's.
- `save` writes the conversation, its surface, its lease and its audit rows in
  that one transaction: a turn is one write.
- Purges delete in small batches (each its own short transaction), so a
  concurrent write never waits long; freed pages are overwritten
  (`secure_delete`) and given back to the file system (incremental vacuum).
- An unreadable row is quarantined and skipped, never raised (see rows.py).
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.engine.state import Conversation, Step
from bot.engine.turn import Stored, Surface
from bot.store import sqlite_sql as sql
from bot.store.group_commit import GroupCommit
from bot.store.migrations import pending
from bot.store.protocol import AuditEntry, InboxEntry, Lease, LeaseTaken, StorageError
from bot.store.rows import (
    Unreadable,
    as_entries,
    audit_entry,
    audit_row,
    conversation_row,
    decode_conversation,
    inbox_entry,
    iso,
    kept_surface,
    lease_from_row,
    next_version,
    surface_kind,
)
from bot.store.sqlite_connection import BUSY_TIMEOUT_SECONDS, SQLiteConnections

logger = logging.getLogger(__name__)

PURGE_BATCH = 500
VACUUM_PAGES_PER_STEP = 500
CHECKPOINT_WAIT_MS = 100
CHECKPOINT_EVERY_BATCHES = 10

_CAS = (
    "UPDATE conversations SET step = :step, final = :final, version = :version, updated_at = :updated_at, "
    "state = :state, surface = COALESCE(:surface, surface), "
    "surface_kind = CASE WHEN :surface IS NULL THEN surface_kind ELSE :surface_kind END "
    "WHERE id = :id AND version = :expected RETURNING surface"
)
_INBOX_DONE = "UPDATE inbox SET body = NULL, done = 1 WHERE key = ?"
"""A request's work ended: its body (patient text) is forgotten, its key kept for dedupe."""


def _encoded(row: dict[str, Any]) -> dict[str, Any]:
    """Times as UTC ISO text, SQLite's format for them."""
    return {key: iso(value) if isinstance(value, datetime) else value for key, value in row.items()}


class SQLiteStore:
    dialect = "sqlite"

    def __init__(self, path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self._connections = SQLiteConnections(self.path, busy_timeout=busy_timeout)
        self._inbox_writes: GroupCommit[dict[str, Any], bool] = GroupCommit(self._inbox_insert)
        try:
            with self._connections.failing_safe(), self._connections.using() as db:
                self._return_freed_space_incrementally(db)
        except StorageError as error:  # e.g. too little disk for the one-time VACUUM: run without it
            logger.warning("freed space cannot be returned to the file system yet (%s)", error.cause)
        self.migrate()

    # -- schema ----------------------------------------------------------------------------
    @staticmethod
    def _return_freed_space_incrementally(db: sqlite_utils.Database) -> None:
        """`auto_vacuum = INCREMENTAL` (a file made before needs one VACUUM to switch; instant when new)."""
        if db.execute("PRAGMA auto_vacuum").fetchone()[0] != 2:
            if db.execute("PRAGMA page_count").fetchone()[0] > 1:
                logger.info("rewriting the database once so that purges give space back (VACUUM)")
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")
            db.vacuum()

    def migrate(self) -> None:
        with self._connections.transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self._version(db)
            for migration in pending(current):
                for statement in migration.statements("sqlite"):
                    db.execute(statement)
                db.table("schema_version").insert({"version": migration.version})
                logger.info("store schema migrated to version %d: %s", migration.version, migration.why)

    @staticmethod
    def _version(db: sqlite_utils.Database) -> int:
        [row] = db.table("schema_version").rows_where(select="MAX(version) AS version")
        return int(row["version"] or 0)

    def schema_version(self) -> int:
        with self._connections.reading() as db:
            return self._version(db)

    # -- conversations -----------------------------------------------------------------------
    def insert(self, conversation: Conversation, surface: Surface, *, inbox_done: str | None = None) -> Stored:
        saved = conversation.model_copy(update={"version": 1})
        with self._connections.transaction() as db:
            sql.insert(db, "conversations", [_encoded(conversation_row(saved, surface))])
            if inbox_done is not None:
                db.execute(_INBOX_DONE, [inbox_done])
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
        inbox_done: str | None = None,
    ) -> Stored | None:
        """Compare-and-set, with the surface, the lease, the audit rows and the inbox row's end, in one transaction."""
        saved, row = next_version(conversation, expected_version, surface)
        values = _encoded(row)
        with self._connections.transaction() as db:
            rows = db.execute(_CAS, {**values, "expected": expected_version}).fetchall()
            if not rows:
                return None
            if take_lease is not None:
                holder = self._take_lease(db, take_lease, now=conversation.updated_at)
                if holder is not None:
                    raise LeaseTaken(holder)
            if drop_lease is not None:
                sql.drop_lease(db, drop_lease, conversation.id)
            if audit:
                sql.insert(db, "audit_log", [_encoded(audit_row(entry)) for entry in audit])
            if inbox_done is not None:
                db.execute(_INBOX_DONE, [inbox_done])
        return Stored(saved, kept_surface(surface, rows[0][0]))

    def get(self, conversation_id: str) -> Stored | None:
        with self._connections.reading() as db:
            rows = sql.select(db, "conversations", "id = ?", [conversation_id], columns="id, state, surface")
        return self._readable(rows[0]) if rows else None

    def active_for_user(self, user_id: str, *, surface_kind: str | None = None) -> Stored | None:
        where, args = "user_id = ? AND final = 0", [user_id]
        if surface_kind is not None:
            where, args = where + " AND surface_kind = ?", [*args, surface_kind]
        while True:  # one query; again only if the newest row was unreadable (and is now quarantined)
            with self._connections.reading() as db:
                rows = sql.select(
                    db, "conversations", where, args, columns="id, state, surface", order_by="updated_at DESC", limit=1
                )
            if not rows:
                return None
            stored = self._readable(rows[0])
            if stored is not None:
                return stored

    def open_conversations(
        self, *, step: Step | None = None, idle_since: datetime | None = None, limit: int = 500
    ) -> list[Stored]:
        where, args = "final = 0", list[Any]()
        if step is not None:
            where, args = where + " AND step = ?", [*args, step.value]
        if idle_since is not None:
            where, args = where + " AND updated_at < ?", [*args, iso(idle_since)]
        with self._connections.reading() as db:
            rows = sql.select(
                db, "conversations", where, args, columns="id, state, surface", order_by="updated_at", limit=limit
            )
        return [stored for stored in map(self._readable, rows) if stored is not None]

    def purge_finished(self, before: datetime, *, batch: int = PURGE_BATCH) -> int:
        cutoff = iso(before)
        removed = self._delete_in_batches(
            "conversations", "id", "final = 1 AND updated_at < ?", [cutoff], batch=batch
        ) + self._delete_in_batches("quarantine", "id", "updated_at < ?", [cutoff], batch=batch)
        self.return_freed_space()
        return removed

    # -- unreadable rows ---------------------------------------------------------------------
    def _readable(self, row: dict[str, Any]) -> Stored | None:
        try:
            return decode_conversation(row["state"], row["surface"])
        except Unreadable as unreadable:
            self._quarantine(row["id"], unreadable.error_type)
            return None

    def _quarantine(self, conversation_id: str, error_type: str) -> None:
        """Move the row aside (an admin may repair it); log its id and the error's type, nothing else."""
        logger.error("conversation %s cannot be read (%s): quarantined and skipped", conversation_id, error_type)
        try:
            with self._connections.transaction() as db:
                for row in db.table("conversations").rows_where("id = ?", [conversation_id]):
                    db.table("quarantine").upsert(
                        {
                            "id": row["id"],
                            "user_id": row["user_id"],
                            "step": row["step"],
                            "updated_at": row["updated_at"],
                            "quarantined_at": iso(datetime.now(UTC)),
                            "error_type": error_type,
                            "state": row["state"],
                            "surface": row["surface"],
                        },
                        pk="id",
                    )
                    db.table("conversations").delete(conversation_id)
        except StorageError as error:
            logger.error("conversation %s could not be quarantined: %s", conversation_id, error.cause)

    # -- leases ------------------------------------------------------------------------------
    @staticmethod
    def _take_lease(db: sqlite_utils.Database, lease: Lease, *, now: datetime) -> Lease | None:
        """Inside a write transaction: take `lease`, or return the other owner's live lease that stops it."""
        for row in sql.select(db, "leases", "name = ?", [lease.name]):
            held = lease_from_row(row)
            if held.owner != lease.owner and held.until > now:
                return held
        sql.upsert_lease(db, lease.name, lease.owner, iso(lease.until))
        return None

    def take_lease(self, lease: Lease, *, now: datetime) -> bool:
        with self._connections.transaction() as db:
            return self._take_lease(db, lease, now=now) is None

    def lease(self, name: str) -> Lease | None:
        with self._connections.reading() as db:
            rows = sql.select(db, "leases", "name = ?", [name])
        return lease_from_row(rows[0]) if rows else None

    def drop_lease(self, name: str, owner: str) -> None:
        with self._connections.transaction() as db:
            sql.drop_lease(db, name, owner)

    # -- inbox -------------------------------------------------------------------------------
    def inbox_add(self, entry: InboxEntry) -> bool:
        row = {
            "key": entry.key,
            "kind": entry.kind,
            "body": entry.body,
            "received_at": iso(entry.received_at),
            "attempts": entry.attempts,
            "done": 0,
        }
        # in the ack's path: committed with the acks arriving alongside (group_commit.py), one statement
        return self._inbox_writes.submit(row)

    def _inbox_insert(self, rows: Sequence[dict[str, Any]]) -> list[bool]:
        """INSERT OR IGNORE the rows in one statement; for each, whether it went in (a repeated key: False)."""
        added = self._connections.write_now(lambda db: sql.insert_new_keys(db, "inbox", rows, key="key"))
        firsts: list[bool] = []
        for row in rows:
            firsts.append(row["key"] in added)
            added.discard(row["key"])  # the same key twice in one batch: only the first is new
        return firsts

    def inbox_done(self, key: str) -> None:
        with self._connections.single_write() as db:
            db.execute(_INBOX_DONE, [key])

    def inbox_unfinished(self, *, received_before: datetime) -> list[InboxEntry]:
        with self._connections.transaction() as db:
            rows = list(
                db.table("inbox").rows_where(
                    "done = 0 AND received_at < ?", [iso(received_before)], order_by="received_at"
                )
            )
            for row in rows:
                row["attempts"] += 1
                db.table("inbox").update(row["key"], {"attempts": row["attempts"]})
        return [inbox_entry(row) for row in rows]

    def purge_inbox(self, before: datetime) -> int:
        """Also forgets the replay claims (leases `inbox:<key>`) that lapsed before `before`; counts inbox rows."""
        self._delete_in_batches("leases", "name", "name LIKE 'inbox:%' AND until < ?", [iso(before)], batch=PURGE_BATCH)
        return self._delete_in_batches("inbox", "key", "received_at < ?", [iso(before)], batch=PURGE_BATCH)

    # -- audit -------------------------------------------------------------------------------
    def audit(self, entries: Sequence[AuditEntry] | AuditEntry) -> None:
        rows = [_encoded(audit_row(entry)) for entry in as_entries(entries)]
        if rows:
            with self._connections.transaction() as db:
                sql.insert(db, "audit_log", rows)

    def audit_entries(self, *, since: datetime | None = None) -> list[AuditEntry]:
        where, args = (None, None) if since is None else ("at >= ?", [iso(since)])
        with self._connections.reading() as db:
            rows = list(db.table("audit_log").rows_where(where, args, order_by="id"))
        return [audit_entry(row) for row in rows]

    def purge_audit(self, before: datetime) -> int:
        removed = self._delete_in_batches("audit_log", "id", "at < ?", [iso(before)], batch=PURGE_BATCH)
        self.return_freed_space()
        return removed

    # -- health ------------------------------------------------------------------------------
    def check_health(self) -> None:
        """Write a heartbeat and read it back: raises StorageError(cause) when either fails."""
        beat = iso(datetime.now(UTC))
        with self._connections.transaction() as db:
            db.table("heartbeat").upsert({"id": 1, "at": beat}, pk="id")
        with self._connections.reading() as db:
            rows = list(db.table("heartbeat").rows_where("id = 1"))
        if not rows or rows[0]["at"] != beat:
            raise StorageError("the heartbeat just written could not be read back")

    def close(self) -> None:
        self._connections.close()

    # -- batches and space -------------------------------------------------------------------
    def _delete_in_batches(self, table: str, key: str, where: str, args: list[Any], *, batch: int) -> int:
        """Delete matching rows `batch` at a time, each batch its own short transaction."""
        if batch < 1:
            raise ValueError("batch must be at least 1")
        removed = 0
        chosen = f"{key} IN (SELECT {key} FROM {table} WHERE {where} LIMIT ?)"
        for done in itertools.count(1):
            started = time.monotonic()
            with self._connections.transaction() as db:
                before = db.conn.total_changes
                db.table(table).delete_where(chosen, [*args, batch])
                deleted = db.conn.total_changes - before
            removed += deleted
            if deleted < batch:
                return removed
            # SQLite's lock is not fair: a writer polling for it would keep missing back-to-back batches.
            time.sleep(min(time.monotonic() - started, 0.05))
            if done % CHECKPOINT_EVERY_BATCHES == 0:
                # Copy the log into the file here, so another writer's commit never pays for our pages.
                with self._connections.failing_safe(), self._connections.using() as db:
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        raise AssertionError("unreachable")  # pragma: no cover

    def return_freed_space(self) -> None:
        """Give freed pages back to the file system, a few at a time, then empty the write-ahead log.

        The log still holds the purged rows as they were written: a truncating
        checkpoint copies it into the (overwritten, shrunk) file and empties it.
        It may wait for readers while blocking writers, so it waits at most
        CHECKPOINT_WAIT_MS and otherwise leaves the log for SQLite to reuse.
        """
        with self._connections.failing_safe(), self._connections.using() as db:
            while db.execute("PRAGMA freelist_count").fetchone()[0] > 0:
                started = time.monotonic()
                db.execute(f"PRAGMA incremental_vacuum({VACUUM_PAGES_PER_STEP})").fetchall()
                time.sleep(min(time.monotonic() - started, 0.05))  # let a waiting writer in (see above)
            db.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
            try:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            finally:
                db.execute(f"PRAGMA busy_timeout = {int(self._connections.busy_timeout * 1000)}")

    # -- deprecated --------------------------------------------------------------------------
    def update_surface(self, conversation_id: str, surface: Surface) -> None:
        """Deprecated: pass `surface=` to `save`. Records where a card now lives without bumping the version."""
        with self._connections.transaction() as db:
            if db.table("conversations").count_where("id = ?", [conversation_id]):
                db.table("conversations").update(
                    conversation_id, {"surface": json.dumps(surface), "surface_kind": surface_kind(surface)}
                )

    def first_delivery(self, event_id: str, now: datetime) -> bool:
        """Deprecated: use `inbox_add`. True the first time an event id is seen; Slack retries return False."""
        with self._connections.transaction() as db:
            before = db.conn.total_changes
            db.table("processed_events").insert({"event_id": event_id, "at": iso(now)}, ignore=True)
            return db.conn.total_changes > before

    def forget_events(self, before: datetime) -> int:
        """Deprecated: use `purge_inbox`."""
        return self._delete_in_batches("processed_events", "event_id", "at < ?", [iso(before)], batch=PURGE_BATCH)
