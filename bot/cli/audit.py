"""`clinic-bot audit`: every booking change and failed attempt, for the clinic's records."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.cli.database import existing_database
from bot.config import Settings, load
from bot.store.factory import open_store

SUMMARY = "show the audit log of booking changes"
DESCRIPTION = """Every change the bot made or tried, one row per appointment: when, who (Slack user id), which
booking system, what, the appointment id and the outcome. Ids and times only: no patient data. Times are shown in
CLINIC_TZ, labelled. Settings: CLINIC_BOT_DB (the database to read; it must exist), CLINIC_TZ."""
"""What `clinic-bot audit --help` says (argparse re-wraps it)."""


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("audit", help=SUMMARY, description=DESCRIPTION)
    parser.add_argument("--since", type=date.fromisoformat, help="only entries on or after this date (YYYY-MM-DD)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(handler=run_audit)


def run_audit(args: argparse.Namespace) -> int:
    """Print the audit log; reading never creates a database (a mistyped path is said, not made)."""
    settings = load(Settings)
    location = existing_database(settings, "audit", "nothing to show, and nothing was created.")
    if location is None:
        return 2
    zone = ZoneInfo(settings.clinic_timezone)
    store = open_store(location)
    since = datetime.combine(args.since, datetime.min.time(), zone) if args.since else None
    entries = store.audit_entries(since=since)
    out = sys.stdout
    if args.json:
        for entry in entries:
            out.write(entry.model_dump_json() + "\n")
        return 0
    if not entries:
        out.write("No audit entries.\n")
        return 0
    rows = [("when", "user", "backend", "action", "appointment", "outcome", "change")]

    def short(instant: datetime | None) -> str:
        return "-" if instant is None else instant.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")

    for entry in entries:
        if entry.action == "reschedule":
            change = f"{short(entry.old_start)} -> {short(entry.new_start)}"
        else:
            change = f"reason: {entry.reason or 'none'}"
        detail = f"  ({entry.detail})" if entry.detail and entry.outcome != "applied" else ""
        rows.append(
            (
                short(entry.at),
                entry.slack_user,
                entry.backend,
                entry.action,
                entry.appointment_id,
                entry.outcome,
                change + detail,
            )
        )
    # Columns as wide as their widest cell: an appointment id is never cut short in an audit.
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    for row in rows:
        out.write(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1] + "\n"
        )
    return 0
