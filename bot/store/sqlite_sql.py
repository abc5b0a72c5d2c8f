"""Plain statements for the store's hot paths, run through sqlite-utils' `Database.execute`.

sqlite-utils' table helpers (`table(...).insert`, `rows_where`, `upsert`,
`delete_where`) ask SQLite's catalogue on every call whether the table exists
and what its columns are: two or three extra queries per statement, on every
acknowledgement's inbox insert and every card's read and save. The schema is
the store's own (migrations.py), so these statements name their tables and
columns directly. Migrations, purges and admin commands keep the helpers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlite_utils


def insert(db: sqlite_utils.Database, table: str, rows: Sequence[Mapping[str, Any]]) -> int:
    """INSERT the rows (all with the first row's columns); how many went in."""
    if not rows:
        return 0
    columns = list(rows[0])
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    before = db.conn.total_changes
    db.conn.executemany(statement, [[row[column] for column in columns] for row in rows])
    return db.conn.total_changes - before


def insert_new_keys(db: sqlite_utils.Database, table: str, rows: Sequence[Mapping[str, Any]], *, key: str) -> set[Any]:
    """INSERT OR IGNORE the rows (all with the first row's columns) in one statement; the `key`s that went in.

    One statement, so SQLite commits the rows at once (or none: a statement refused as busy did nothing).
    """
    if not rows:
        return set()
    columns = list(rows[0])
    one = f"({', '.join('?' * len(columns))})"
    statement = (
        f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(rows))} RETURNING {key}"
    )
    values = [row[column] for row in rows for column in columns]
    return {found for (found,) in db.execute(statement, values).fetchall()}


def select(
    db: sqlite_utils.Database,
    table: str,
    where: str,
    args: Sequence[Any],
    *,
    columns: str = "*",
    order_by: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """SELECT `columns` FROM `table` WHERE `where`, as dicts."""
    statement = f"SELECT {columns} FROM {table} WHERE {where}"
    if order_by is not None:
        statement += f" ORDER BY {order_by}"
    if limit is not None:
        statement += f" LIMIT {int(limit)}"
    cursor = db.execute(statement, list(args))
    names = [description[0] for description in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def upsert_lease(db: sqlite_utils.Database, name: str, owner: str, until: str) -> None:
    db.execute(
        "INSERT INTO leases (name, owner, until) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, until = excluded.until",
        [name, owner, until],
    )


def drop_lease(db: sqlite_utils.Database, name: str, owner: str) -> None:
    db.execute("DELETE FROM leases WHERE name = ? AND owner = ?", [name, owner])
