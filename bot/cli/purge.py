"""`clinic-bot purge`: forget finished conversations and old audit entries past their retention."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from bot.cli.database import existing_database
from bot.config import Settings, load, parse_duration
from bot.store import StorageError
from bot.store.factory import open_store
from bot.store.retention import purge_all


def duration(text: str) -> timedelta:
    try:
        parsed = parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    assert isinstance(parsed, timedelta)
    return parsed


SUMMARY = "forget finished conversations (patient data) and old audit entries"
DESCRIPTION = """Remove finished conversations older than CONVERSATION_RETENTION (default 1d) and audit entries
older than AUDIT_RETENTION (default 6y), a few hundred rows per transaction so a running bot is not held up.
Settings: CLINIC_BOT_DB (the database; it must exist), CONVERSATION_RETENTION, AUDIT_RETENTION."""
"""What `clinic-bot purge --help` says (argparse re-wraps it)."""


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("purge", help=SUMMARY, description=DESCRIPTION)
    parser.add_argument(
        "--older-than",
        type=duration,
        metavar="DURATION",
        help="finished conversations older than this (e.g. 12h, 7d); default CONVERSATION_RETENTION",
    )
    parser.add_argument(
        "--audit-older-than",
        type=duration,
        metavar="DURATION",
        help="audit entries older than this (e.g. 6y); default AUDIT_RETENTION",
    )
    parser.set_defaults(handler=run_purge)


def _age(delta: timedelta) -> str:
    """12h -> "12 hours", 1d -> "1 day", 6y -> "6 years": how an admin said it."""
    days = delta.total_seconds() / 86400
    for size, unit in ((365.25, "year"), (1, "day"), (1 / 24, "hour"), (1 / 1440, "minute")):
        if days >= size:
            count = round(days / size, 1)
            return f"{count:g} {unit}{'' if count == 1 else 's'}"
    return f"{delta.total_seconds():g} seconds"


def run_purge(args: argparse.Namespace) -> int:
    """Forget what is past its retention, in small batches so a running bot is not held up."""
    settings = load(Settings)
    location = existing_database(settings, "purge", "nothing was purged.")
    if location is None:
        return 2
    conversations = args.older_than or settings.conversation_retention
    audit = args.audit_older_than or settings.audit_retention
    try:
        store = open_store(location)
        try:
            purged = purge_all(
                store, now=datetime.now(UTC), conversations_older_than=conversations, audit_older_than=audit
            )
        finally:
            store.close()
    except StorageError as error:
        print(f"clinic-bot purge: storage error: {error.cause}; nothing more was purged.", file=sys.stderr)
        return 1
    print(purged.sentence())
    print(f"Kept: conversations finished within {_age(conversations)}, audit entries within {_age(audit)}.")
    return 0
