"""The PostgreSQL store's statements and its error causes, apart so the store reads as its protocol."""

from __future__ import annotations

import psycopg

from bot.store.rows import AUDIT_COLUMNS

CONVERSATION_COLUMNS = ("id", "user_id", "step", "final", "version", "updated_at", "state", "surface", "surface_kind")

CONVERSATION_INSERT = (
    f"INSERT INTO conversations ({', '.join(CONVERSATION_COLUMNS)}) "
    f"VALUES ({', '.join(f'%({column})s' for column in CONVERSATION_COLUMNS)})"
)

CAS = (
    "UPDATE conversations SET step = %(step)s, final = %(final)s, version = %(version)s, "
    "updated_at = %(updated_at)s, state = %(state)s, surface = COALESCE(%(surface)s, surface), "
    "surface_kind = CASE WHEN %(surface)s::text IS NULL THEN surface_kind ELSE %(surface_kind)s END "
    "WHERE id = %(id)s AND version = %(expected)s RETURNING surface"
)
"""The compare-and-set: the row lock makes a racing update wait, re-check `version`, and match nothing."""

LEASE_TAKE = (
    "INSERT INTO leases (name, owner, until) VALUES (%(name)s, %(owner)s, %(until)s) "
    "ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, until = EXCLUDED.until "
    "WHERE leases.owner = EXCLUDED.owner OR leases.until <= %(now)s RETURNING name"
)
"""Taken when free, expired or already ours; no row back when another owner holds it."""

INBOX_DONE = "UPDATE inbox SET body = NULL, done = 1 WHERE key = %s"
"""A request's work ended: its body (patient text) is forgotten, its key kept for dedupe."""

AUDIT_INSERT = (
    f"INSERT INTO audit_log ({', '.join(AUDIT_COLUMNS)}) "
    f"VALUES ({', '.join(f'%({column})s' for column in AUDIT_COLUMNS)})"
)

QUARANTINE_MOVE = (
    "WITH moved AS (DELETE FROM conversations WHERE id = %(id)s "
    "RETURNING id, user_id, step, updated_at, state, surface) "
    "INSERT INTO quarantine (id, user_id, step, updated_at, quarantined_at, error_type, state, surface) "
    "SELECT id, user_id, step, updated_at, %(now)s, %(error)s, state, surface FROM moved "
    "ON CONFLICT (id) DO UPDATE SET quarantined_at = EXCLUDED.quarantined_at, error_type = EXCLUDED.error_type, "
    "state = EXCLUDED.state, surface = EXCLUDED.surface, updated_at = EXCLUDED.updated_at"
)

_CAUSES = {
    "25006": "database is read-only",
    "53100": "disk is full",
    "55P03": "database is locked",
    "40P01": "database is locked",
    "40001": "database is locked",
    "57014": "database statement was cancelled (timeout)",
    "58030": "disk I/O error",
    "53200": "database server is out of memory",
    "53300": "too many database connections",
    "57P01": "database server is shutting down",
    "57P02": "database server is shutting down",
    "57P03": "database server is starting up or shutting down",
    "3D000": "database does not exist",
}
_CLASSES = {
    "08": "database connection lost",
    "23": "the row already exists or breaks a constraint",
    "28": "database login refused",
    "42": "database schema does not match (run the bot's migrations)",
    "53": "database server is out of resources",
}


def describe(error: psycopg.Error) -> str:
    """The cause of a PostgreSQL error in a few words, from its SQLSTATE (never its message, which quotes values)."""
    state = error.sqlstate
    if state is None:
        return "database server unreachable or connection lost"
    return _CAUSES.get(state) or _CLASSES.get(state[:2]) or f"database error (SQLSTATE {state})"
