"""The store in PostgreSQL (psycopg 3 and a connection pool), for replicas sharing one database.

Same protocol, same migrations, same JSON as the SQLite store. Why these choices:
- The compare-and-set is one `UPDATE … WHERE id AND version RETURNING`: the
  row lock makes a racing update wait, then re-check the version and match
  nothing. A lease is one `INSERT … ON CONFLICT DO UPDATE … WHERE` (free,
  expired or ours), so two processes can never both hold it.
- A connection that raised (read-only, disk full, lock timeout, lost) is closed
  before it goes back to the pool, and the pool checks every connection it
  hands out: a session opened during a read-only spell never lingers.
- Times are `timestamptz`, in a UTC session. Purges delete in small batches;
  PostgreSQL's autovacuum reclaims the space (no `secure_delete` here: the
  server's own storage and backups are the DBA's to protect).
- There is no file to watch for replacement: the server owns its storage.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.engine.state import Conversation, Step
from bot.engine.turn import Stored, Surface
from bot.store import observe
from bot.store.migrations import MIGRATION_LOCK, pending
from bot.store.postgres_sql import (
    AUDIT_INSERT,
    CAS,
    CONVERSATION_INSERT,
    INBOX_DONE,
    LEASE_TAKE,
    QUARANTINE_MOVE,
    describe,
)
from bot.store.protocol import AuditEntry, InboxEntry, Lease, LeaseTaken, StorageError
from bot.store.rows import (
    Unreadable,
    as_entries,
    audit_entry,
    audit_row,
    conversation_row,
    decode_conversation,
    inbox_entry,
    kept_surface,
    lease_from_row,
    next_version,
    surface_kind,
)

logger = logging.getLogger(__name__)

PURGE_BATCH = 500
LOCK_TIMEOUT_SECONDS = 15.0

Connection = psycopg.Connection[dict[str, Any]]


def _opened_read_only(connection: Connection) -> bool:
    status = connection.info.parameter_status
    return "on" in (status("default_transaction_read_only"), status("in_hot_standby"))


class PostgreSQLStore:
    dialect = "postgresql"

    def __init__(
        self,
        conninfo: str,
        *,
        min_size: int = 1,
        max_size: int = 10,
        timeout: float = 10.0,
        busy_timeout: float = LOCK_TIMEOUT_SECONDS,
        connect_kwargs: Mapping[str, Any] | None = None,
    ) -> None:
        """`busy_timeout`: how long a statement waits for a lock before "database is locked"."""
        self._lock_timeout_ms = int(busy_timeout * 1000)
        self._pool: ConnectionPool[Connection] = ConnectionPool(
            conninfo,
            min_size=min_size,
            max_size=max_size,
            timeout=timeout,
            open=False,
            check=ConnectionPool.check_connection,
            configure=self._configure,
            kwargs={"autocommit": True, "row_factory": dict_row, **(connect_kwargs or {})},
            name="clinic-bot-store",
        )
        try:
            self._pool.open(wait=True, timeout=timeout)
        except PoolTimeout:
            self._pool.close()
            raise StorageError("database server unreachable") from None
        try:
            self.migrate()
        except BaseException:
            self._pool.close()
            raise

    def _configure(self, connection: Connection) -> None:
        connection.execute("SET TIME ZONE 'UTC'")
        connection.execute(f"SET lock_timeout = {self._lock_timeout_ms}")

    # -- calls ---------------------------------------------------------------------------------
    @contextmanager
    def _connection(self, *, writing: bool = False) -> Iterator[Connection]:
        """A pooled connection; driver errors -> StorageError(cause), and the connection is not reused."""
        try:
            connection = self._checkout(writing=writing)
            try:
                yield connection
            except psycopg.Error as error:
                if not isinstance(error, psycopg.IntegrityError):
                    connection.close()  # the pool replaces a closed connection
                raise
            finally:
                self._pool.putconn(connection)
        except PoolTimeout:
            cause = "no database connection available (server unreachable or pool exhausted)"
            observe.storage_error(cause)
            logger.warning("storage error: %s", cause)
            raise StorageError(cause) from None
        except psycopg.Error as error:
            cause = describe(error)
            observe.storage_error(cause)
            logger.warning("storage error: %s (connection discarded, the next call opens another)", cause)
            raise StorageError(cause) from None

    def _checkout(self, *, writing: bool) -> Connection:
        """For a write, skip sessions that were opened read-only (during a read-only spell, or on a standby).

        Such a session stays read-only for its whole life even once the database
        takes writes again; the server reports the setting at connect time, so
        spotting it costs no round trip. When every session is read-only, the
        last one is used and the write fails with "database is read-only".
        """
        connection = self._pool.getconn()
        for _ in range(self._pool.max_size):
            if not writing or not _opened_read_only(connection):
                break
            connection.close()
            self._pool.putconn(connection)
            connection = self._pool.getconn()
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self._connection(writing=True) as connection, connection.transaction():
            yield connection

    # -- schema --------------------------------------------------------------------------------
    def migrate(self) -> None:
        with self._transaction() as connection:
            connection.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK])
            connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self._version(connection)
            for migration in pending(current):
                for statement in migration.statements("postgresql"):
                    connection.execute(statement)  # our own constant SQL
                connection.execute("INSERT INTO schema_version (version) VALUES (%s)", [migration.version])
                logger.info("store schema migrated to version %d: %s", migration.version, migration.why)

    @staticmethod
    def _version(connection: Connection) -> int:
        row = connection.execute("SELECT MAX(version) AS version FROM schema_version").fetchone()
        return int(row["version"] or 0) if row else 0

    def schema_version(self) -> int:
        with self._connection() as connection:
            return self._version(connection)

    # -- conversations -------------------------------------------------------------------------
    def insert(self, conversation: Conversation, surface: Surface, *, inbox_done: str | None = None) -> Stored:
        saved = conversation.model_copy(update={"version": 1})
        with self._transaction() as connection:
            connection.execute(CONVERSATION_INSERT, conversation_row(saved, surface))
            if inbox_done is not None:
                connection.execute(INBOX_DONE, [inbox_done])
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
        saved, values = next_version(conversation, expected_version, surface)
        with self._transaction() as connection:
            row = connection.execute(CAS, {**values, "expected": expected_version}).fetchone()
            if row is None:
                return None
            if take_lease is not None:
                holder = self._take_lease(connection, take_lease, now=conversation.updated_at)
                if holder is not None:
                    raise LeaseTaken(holder)
            if drop_lease is not None:
                connection.execute("DELETE FROM leases WHERE name = %s AND owner = %s", [drop_lease, conversation.id])
            if audit:
                with connection.cursor() as cursor:
                    cursor.executemany(AUDIT_INSERT, [audit_row(entry) for entry in audit])
            if inbox_done is not None:
                connection.execute(INBOX_DONE, [inbox_done])
        return Stored(saved, kept_surface(surface, row["surface"]))

    def get(self, conversation_id: str) -> Stored | None:
        with self._connection() as connection:
            row = connection.execute(
                "SELECT id, state, surface FROM conversations WHERE id = %s", [conversation_id]
            ).fetchone()
        return self._readable(row) if row else None

    def active_for_user(self, user_id: str, *, surface_kind: str | None = None) -> Stored | None:
        sql = "SELECT id, state, surface FROM conversations WHERE user_id = %(user)s AND final = 0"
        if surface_kind is not None:
            sql += " AND surface_kind = %(kind)s"
        sql += " ORDER BY updated_at DESC LIMIT 1"
        while True:  # one query; again only if the newest row was unreadable (and is now quarantined)
            with self._connection() as connection:
                row = connection.execute(sql, {"user": user_id, "kind": surface_kind}).fetchone()
            if row is None:
                return None
            stored = self._readable(row)
            if stored is not None:
                return stored

    def open_conversations(
        self, *, step: Step | None = None, idle_since: datetime | None = None, limit: int = 500
    ) -> list[Stored]:
        sql = "SELECT id, state, surface FROM conversations WHERE final = 0"
        if step is not None:
            sql += " AND step = %(step)s"
        if idle_since is not None:
            sql += " AND updated_at < %(idle)s"
        sql += " ORDER BY updated_at LIMIT %(limit)s"
        parameters = {"step": step.value if step else None, "idle": idle_since, "limit": limit}
        with self._connection() as connection:
            rows = connection.execute(sql, parameters).fetchall()
        return [stored for stored in map(self._readable, rows) if stored is not None]

    def purge_finished(self, before: datetime, *, batch: int = PURGE_BATCH) -> int:
        return self._delete_in_batches(
            "conversations", "id", "final = 1 AND updated_at < %s", [before], batch=batch
        ) + self._delete_in_batches("quarantine", "id", "updated_at < %s", [before], batch=batch)

    def _readable(self, row: Mapping[str, Any]) -> Stored | None:
        try:
            return decode_conversation(row["state"], row["surface"])
        except Unreadable as unreadable:
            logger.error(
                "conversation %s cannot be read (%s): quarantined and skipped", row["id"], unreadable.error_type
            )
            try:
                with self._transaction() as connection:
                    connection.execute(
                        QUARANTINE_MOVE, {"id": row["id"], "now": datetime.now(UTC), "error": unreadable.error_type}
                    )
            except StorageError as error:
                logger.error("conversation %s could not be quarantined: %s", row["id"], error.cause)
            return None

    # -- leases --------------------------------------------------------------------------------
    @staticmethod
    def _take_lease(connection: Connection, lease: Lease, *, now: datetime) -> Lease | None:
        taken = connection.execute(
            LEASE_TAKE, {"name": lease.name, "owner": lease.owner, "until": lease.until, "now": now}
        ).fetchone()
        if taken is not None:
            return None
        held = connection.execute("SELECT name, owner, until FROM leases WHERE name = %s", [lease.name]).fetchone()
        return lease_from_row(held) if held else Lease(lease.name, "", lease.until)

    def take_lease(self, lease: Lease, *, now: datetime) -> bool:
        with self._transaction() as connection:
            return self._take_lease(connection, lease, now=now) is None

    def lease(self, name: str) -> Lease | None:
        with self._connection() as connection:
            row = connection.execute("SELECT name, owner, until FROM leases WHERE name = %s", [name]).fetchone()
        return lease_from_row(row) if row else None

    def drop_lease(self, name: str, owner: str) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM leases WHERE name = %s AND owner = %s", [name, owner])

    # -- inbox ---------------------------------------------------------------------------------
    def inbox_add(self, entry: InboxEntry) -> bool:
        with self._transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO inbox (key, kind, body, received_at, attempts, done) VALUES (%s, %s, %s, %s, %s, 0) "
                "ON CONFLICT (key) DO NOTHING",
                [entry.key, entry.kind, entry.body, entry.received_at, entry.attempts],
            )
            return cursor.rowcount == 1

    def inbox_done(self, key: str) -> None:
        with self._transaction() as connection:
            connection.execute(INBOX_DONE, [key])

    def inbox_unfinished(self, *, received_before: datetime) -> list[InboxEntry]:
        with self._transaction() as connection:
            rows = connection.execute(
                "UPDATE inbox SET attempts = attempts + 1 WHERE done = 0 AND received_at < %s RETURNING *",
                [received_before],
            ).fetchall()
        return sorted(map(inbox_entry, rows), key=lambda entry: entry.received_at)

    def purge_inbox(self, before: datetime) -> int:
        """Also forgets the replay claims (leases `inbox:<key>`) that lapsed before `before`; counts inbox rows."""
        self._delete_in_batches("leases", "name", "name LIKE 'inbox:%%' AND until < %s", [before], batch=PURGE_BATCH)
        return self._delete_in_batches("inbox", "key", "received_at < %s", [before], batch=PURGE_BATCH)

    # -- audit ---------------------------------------------------------------------------------
    def audit(self, entries: Sequence[AuditEntry] | AuditEntry) -> None:
        rows = [audit_row(entry) for entry in as_entries(entries)]
        if rows:
            with self._transaction() as connection, connection.cursor() as cursor:
                cursor.executemany(AUDIT_INSERT, rows)

    def audit_entries(self, *, since: datetime | None = None) -> list[AuditEntry]:
        sql = "SELECT * FROM audit_log" + ("" if since is None else " WHERE at >= %s") + " ORDER BY id"
        with self._connection() as connection:
            rows = connection.execute(sql, [] if since is None else [since]).fetchall()
        return [audit_entry(row) for row in rows]

    def purge_audit(self, before: datetime) -> int:
        return self._delete_in_batches("audit_log", "id", "at < %s", [before], batch=PURGE_BATCH)

    # -- health --------------------------------------------------------------------------------
    def check_health(self) -> None:
        """Write a heartbeat and read it back: raises StorageError(cause) when either fails."""
        beat = datetime.now(UTC)
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO heartbeat (id, at) VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at",
                [beat],
            )
        with self._connection() as connection:
            row = connection.execute("SELECT at FROM heartbeat WHERE id = 1").fetchone()
        if row is None or row["at"] != beat:
            raise StorageError("the heartbeat just written could not be read back")

    def close(self) -> None:
        self._pool.close()

    # -- batches -------------------------------------------------------------------------------
    def _delete_in_batches(self, table: str, key: str, where: str, args: list[Any], *, batch: int) -> int:
        """Delete matching rows `batch` at a time, each batch its own short transaction."""
        if batch < 1:
            raise ValueError("batch must be at least 1")
        sql = f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE {where} LIMIT %s)"
        removed = 0
        while True:
            with self._transaction() as connection:
                deleted = connection.execute(sql, [*args, batch]).rowcount
            removed += deleted
            if deleted < batch:
                return removed

    # -- deprecated ----------------------------------------------------------------------------
    def update_surface(self, conversation_id: str, surface: Surface) -> None:
        """Deprecated: pass `surface=` to `save`. Records where a card now lives without bumping the version."""
        with self._transaction() as connection:
            connection.execute(
                "UPDATE conversations SET surface = %s, surface_kind = %s WHERE id = %s",
                [json.dumps(surface), surface_kind(surface), conversation_id],
            )

    def first_delivery(self, event_id: str, now: datetime) -> bool:
        """Deprecated: use `inbox_add`. True the first time an event id is seen; Slack retries return False."""
        with self._transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO processed_events (event_id, at) VALUES (%s, %s) ON CONFLICT DO NOTHING", [event_id, now]
            )
            return cursor.rowcount == 1

    def forget_events(self, before: datetime) -> int:
        """Deprecated: use `purge_inbox`."""
        return self._delete_in_batches("processed_events", "event_id", "at < %s", [before], batch=PURGE_BATCH)
