"""`clinic-bot sandbox seed | appointments | book`: the admin's tools for the demo clinic.

These print patient names, birth dates and phones on purpose (it is a demo
diary, shown on the admin's own terminal); they never log them. A file with
no demo clinic yet is seeded as of today the first time one of them opens it,
as the README promises, and says so on stderr (stdout stays the listing).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.backends.errors import BookingError
from bot.backends.sandbox import SandboxAdmin, SandboxBackend, demo_file, open_demo, seed_demo
from bot.backends.sandbox.backend import DiaryEntry
from bot.config import Settings, load
from bot.domain import Appointment, AppointmentStatus

SETTINGS_READ = {
    "CLINIC_BOT_DB": "the SQLite file the demo clinic lives in unless SANDBOX_DB is set "
    f"(default {Settings.model_fields['clinic_bot_db'].default})",
    "SANDBOX_DB": "the demo clinic's own SQLite file; needed when CLINIC_BOT_DB is a postgresql:// URL",
    "CLINIC_TZ": "the clinic's zone: Riverside Clinic's zone and the day the demo is seeded as "
    f"(default {Settings.model_fields['clinic_timezone'].default})",
    "HOLD_MINUTES": "how long the bot holds a time staff chose in the demo clinic "
    f"(default {Settings.model_fields['hold_minutes'].default}; read by `serve` and `console`)",
}
"""Every setting the sandbox reads, as each subcommand's --help lists them (from the environment or .env)."""


DEMO_SETTINGS = ("CLINIC_BOT_DB", "SANDBOX_DB", "CLINIC_TZ")
"""What each `sandbox` action reads: where the demo clinic lives and its zone."""


def _settings_help(*names: str) -> str:
    width = max(len(name) for name in names)
    lines = [f"  {name.ljust(width)}  {SETTINGS_READ[name]}" for name in names]
    return "settings read (environment or .env):\n" + "\n".join(lines)


def _describe(text: str) -> str:
    """Wrapped by hand: the raw formatter that keeps the settings table aligned would not wrap it."""
    return textwrap.fill(text, width=79)


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `sandbox` on the `clinic-bot` command line."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = subparsers.add_parser(
        "sandbox",
        help="the embedded demo clinic: seed it, list it, book into it",
        description=_describe(
            "The embedded demo clinic the bot uses when BOOKING_BACKEND=sandbox (the default): two "
            "locations in two zones, three practitioners, forty patients, three weeks of appointments. It lives in "
            "the bot's own database file and is seeded as of today on first use."
        ),
        epilog=_settings_help("CLINIC_BOT_DB", "SANDBOX_DB", "CLINIC_TZ", "HOLD_MINUTES"),
        formatter_class=raw,
    )
    parser.set_defaults(handler=lambda _args: _help(parser))
    actions = parser.add_subparsers(dest="sandbox_command", metavar="ACTION")

    seeding = _action(actions, "seed", "replace the demo clinic with fresh demo data", run_seed, *DEMO_SETTINGS)
    seeding.add_argument("--today", type=date.fromisoformat, help="the demo's today, YYYY-MM-DD (default: today)")

    listing = _action(
        actions, "appointments", "list every appointment of the demo clinic", run_appointments, *DEMO_SETTINGS
    )
    listing.add_argument("--json", action="store_true", help="a JSON list instead of a table")

    booking = _action(actions, "book", "book an appointment (the patient is created if new)", run_book, *DEMO_SETTINGS)
    booking.add_argument("--patient", required=True, help="first and last name")
    booking.add_argument("--dob", required=True, type=date.fromisoformat, help="birth date, YYYY-MM-DD")
    booking.add_argument("--phone", required=True, help="phone number, written any way")
    booking.add_argument(
        "--start", required=True, type=datetime.fromisoformat, help="e.g. 2026-03-10T09:30 (the location's wall time)"
    )
    booking.add_argument("--service", help="service id or name (default: the 30-minute consultation)")
    booking.add_argument("--location", help="location id or name (default: Riverside Clinic)")


def _action(
    actions: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    run: Callable[[argparse.Namespace], int],
    *settings: str,
) -> argparse.ArgumentParser:
    """`clinic-bot sandbox NAME`: its --help is `run`'s docstring and the settings it reads."""
    parser = actions.add_parser(
        name,
        help=summary,
        description=_describe(" ".join((run.__doc__ or "").split())),
        epilog=_settings_help(*settings),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=run)
    return parser


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _settings() -> Settings:
    return load(Settings)


def _open() -> SandboxBackend:
    """The demo clinic, seeded first when the file has none (said on stderr, so --json output stays JSON)."""
    settings = _settings()
    backend, seeded = open_demo(settings)
    if seeded is not None:
        print(
            f"The demo clinic in {demo_file(settings)} was empty: seeded it as of {seeded:%a %Y-%m-%d} "
            "(first use; `clinic-bot sandbox seed` resets it).",
            file=sys.stderr,
        )
    return backend


def run_seed(args: argparse.Namespace) -> int:
    """Replace the demo clinic with the demo data as of a day (the same day always gives the same data), and
    print the commands to try. The bot's own records in the same file are kept."""
    settings = _settings()
    today = args.today or datetime.now(ZoneInfo(settings.clinic_timezone)).date()
    summary = seed_demo(settings, today)
    print(f"Seeded the demo clinic in {demo_file(settings)} as of {summary.today:%a %Y-%m-%d}:")
    print(f"  locations: {', '.join(summary.locations)}")
    print(f"  {summary.practitioners} practitioners, {summary.services} services, {summary.patients} patients")
    print(
        f"  {summary.booked} booked appointments from today on ({summary.series} in a weekly series), "
        f"{summary.past} past, {summary.cancelled} cancelled"
    )
    print("Try in `clinic-bot console`:")
    for command in summary.commands:
        print(f"  {command}")
    return 0


def _row(appointment: Appointment, entry: DiaryEntry | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": appointment.id,
        "reference": appointment.reference,
        "patient": appointment.patient.name,
        "date_of_birth": appointment.patient.date_of_birth.isoformat() if appointment.patient.date_of_birth else None,
        "phone": appointment.patient.phone,
        "location": appointment.location.name,
        "service": appointment.service.name,
        "practitioner": appointment.practitioner.name if appointment.practitioner else None,
        "start": appointment.start.isoformat(),
        "end": appointment.end.isoformat(),
        "status": appointment.status.value,
        "repeats": appointment.repeats,
    }
    if entry is not None and entry.appointment.status is AppointmentStatus.CANCELLED:
        row.update(cancel_reason=entry.cancel_reason, cancel_note=entry.cancel_note)
    return row


def _status(entry: DiaryEntry) -> str:
    status = entry.appointment.status.value + (" (series)" if entry.appointment.repeats else "")
    return status + (f": {entry.cancel_reason}" if entry.cancel_reason else "")


def _table(entries: list[DiaryEntry]) -> str:
    header = ("id", "ref", "patient", "born", "phone", "location", "service", "practitioner", "start", "end", "status")
    lines = [header]
    for entry in entries:
        item = entry.appointment
        lines.append(
            (
                item.id,
                item.reference or "",
                item.patient.name,
                item.patient.date_of_birth.isoformat() if item.patient.date_of_birth else "",
                item.patient.phone or "",
                item.location.name,
                item.service.name,
                item.practitioner.name if item.practitioner else "",
                item.start.strftime("%a %Y-%m-%d %H:%M %Z"),
                item.end.strftime("%H:%M"),
                _status(entry),
            )
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    rows = ("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in lines)
    return "\n".join(row.rstrip() for row in rows)


def run_appointments(args: argparse.Namespace) -> int:
    """List every appointment of the demo clinic (past, booked and cancelled, with the reason), each time in its
    location's zone. A new database is seeded as of today first."""
    backend = _open()
    try:
        entries = backend.diary()
    finally:
        backend.close()
    if args.json:
        print(json.dumps([_row(entry.appointment, entry) for entry in entries], indent=2, ensure_ascii=False))
    elif not entries:
        print("The demo clinic has no appointments: run `clinic-bot sandbox seed`.")
    else:
        print(_table(entries))
    return 0


def run_book(args: argparse.Namespace) -> int:
    """Book an appointment with the first practitioner free at that time, as the clinic's front desk would; a
    patient of that name and birth date is reused, anyone else is created. Refuses times outside opening hours
    or already booked. A new database is seeded as of today first."""
    backend = _open()
    try:
        appointment = SandboxAdmin(backend).book(
            patient=args.patient,
            date_of_birth=args.dob,
            phone=args.phone,
            start=args.start,
            service=args.service,
            location=args.location,
        )
    except BookingError as error:
        print(f"clinic-bot sandbox book: {error.staff_message}", file=sys.stderr)
        return 1
    finally:
        backend.close()
    print(json.dumps(_row(appointment), indent=2, ensure_ascii=False))
    return 0
