"""`clinic-bot backup PATH`: a consistent copy of the SQLite store while the bot runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.database import existing_database
from bot.config import Settings, load
from bot.store import StorageError
from bot.store.factory import is_postgresql
from bot.store.sqlite_backup import backup_sqlite

SUMMARY = "copy the SQLite database (safe while the bot runs)"
DESCRIPTION = """Write a consistent copy of CLINIC_BOT_DB to PATH with SQLite's online backup API. The copy holds
patient data: it is created readable by its owner only. For PostgreSQL, use pg_dump. Settings: CLINIC_BOT_DB (the
database to copy; it must exist)."""
"""What `clinic-bot backup --help` says (argparse re-wraps it)."""


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("backup", help=SUMMARY, description=DESCRIPTION)
    parser.add_argument("path", type=Path, metavar="PATH", help="a new file for the copy")
    parser.set_defaults(handler=run_backup)


def run_backup(args: argparse.Namespace) -> int:
    """Copy the live SQLite file with the online backup API (a plain file copy can tear mid-write)."""
    settings = load(Settings)
    location = existing_database(settings, "backup", "no copy was made.")
    if location is None:
        return 2
    if is_postgresql(location):
        print(
            "clinic-bot backup: CLINIC_BOT_DB is a PostgreSQL database: back it up with pg_dump, e.g. "
            '`pg_dump --format=custom --file=clinic-bot.dump "$CLINIC_BOT_DB"` (restore with pg_restore).',
            file=sys.stderr,
        )
        return 2
    try:
        size = backup_sqlite(Path(location), args.path)
    except StorageError as error:
        print(f"clinic-bot backup: {error.cause}; no copy was made.", file=sys.stderr)
        return 1
    print(f"Backed up {location} to {args.path} ({size:,} bytes).")
    return 0
