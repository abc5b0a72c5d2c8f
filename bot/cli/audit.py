"""`clinic-bot audit`: every booking change and failed attempt, for the clinic's records."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime

from bot.config import Settings, load
from bot.store.factory import open_store


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("audit", help="show the audit log of booking changes")
    parser.add_argument("--since", type=date.fromisoformat, help="only entries on or after this date (YYYY-MM-DD)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(handler=run_audit)


def run_audit(args: argparse.Namespace) -> int:
    store = open_store(load(Settings).store_location)
    since = datetime.combine(args.since, datetime.min.time(), UTC) if args.since else None
    entries = store.audit_entries(since=since)
    out = sys.stdout
    if args.json:
        for entry in entries:
            out.write(entry.model_dump_json() + "\n")
        return 0
    if not entries:
        out.write("No audit entries.\n")
        return 0
    rows = [("when (UTC)", "user", "backend", "action", "appointment", "outcome", "change")]
    for entry in entries:
        if entry.action == "reschedule":
            change = f"{_short(entry.old_start)} -> {_short(entry.new_start)}"
        else:
            change = f"reason: {entry.reason or 'none'}"
        detail = f"  ({entry.detail})" if entry.detail and entry.outcome != "applied" else ""
        rows.append(
            (
                _short(entry.at),
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


def _short(instant: datetime | None) -> str:
    return "-" if instant is None else instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
