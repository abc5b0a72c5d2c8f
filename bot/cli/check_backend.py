"""`clinic-bot check-backend`: the first thing an admin runs.

Without options, one read-only round proves the configured credentials reach
the right account and prints what it reached, or exactly what is wrong (a
wrong base URL says so and names its setting; an unreachable host is named).
With `--deep`, every read call the adapter relies on is tried once, in the
order a conversation makes them, and printed as a table; the exit status is
non-zero when something the bot needs does not work.
"""

from __future__ import annotations

import argparse
import sys

import httpx

from bot.backends import build_backend
from bot.backends.base import BookingBackend
from bot.backends.errors import BookingError
from bot.backends.probes import DeepCheck, render
from bot.backends.vendor import VendorBackend, unreachable
from bot.config import Settings, load

DESCRIPTION = """\
Check that the configured booking system (BOOKING_BACKEND) answers the bot's credentials. Read-only.

Without options: the account, its locations and their time zones, and what the bot can do there.
--deep: every read call the bot relies on, in the order a conversation makes them, as a table of
call, HTTP status, verdict (works / refused / not found / shape differs / not reached) and what the
bot will do about it; exits 1 when something the bot needs does not work. Calls marked [assumed]
are not in the vendor's published docs: this is where an account shows whether they hold."""

SETTINGS_PREFIXES = {"cliniko": "CLINIKO_", "qmatic": "QMATIC_", "solv": "SOLV_"}


def settings_epilog() -> str:
    """The settings each booking system reads, from the settings classes themselves (so they never drift)."""
    from bot.backends.cliniko.settings import ClinikoSettings
    from bot.backends.qmatic.settings import QmaticSettings
    from bot.backends.solv.settings import SolvSettings

    lines = [
        "settings:",
        "  BOOKING_BACKEND  sandbox (default), cliniko, qmatic or solv",
        "  CLINIC_TZ        the clinic's zone",
    ]
    for vendor, model in (("cliniko", ClinikoSettings), ("qmatic", QmaticSettings), ("solv", SolvSettings)):
        names = [SETTINGS_PREFIXES[vendor] + name.upper() for name in model.model_fields]
        lines.append(f"  {vendor}: {', '.join(names)}")
    lines.append("  sandbox: CLINIC_BOT_DB, SANDBOX_DB")
    return "\n".join(lines)


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check-backend",
        help="check the booking system credentials and calls (read-only)",
        description=DESCRIPTION,
        epilog=settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--deep", action="store_true", help="try every call the bot relies on and print a table")
    parser.add_argument(
        "--personal-id", metavar="ID", help="Qmatic: a patient's personal identifier to search for (with --deep)"
    )
    parser.add_argument(
        "--booking", metavar="REF", help="Solv: a booking number to read, which shows the account's mode (with --deep)"
    )
    parser.add_argument(
        "--write-probe",
        action="store_true",
        help="Qmatic: also reserve a time far ahead and release it at once (never for Cliniko or Solv)",
    )
    parser.set_defaults(handler=run_check)


def explain(error: BookingError, backend: BookingBackend) -> str:
    """The error's sentence, or for a host that could not be reached, that host and the setting naming it."""
    cause = error.__cause__
    if isinstance(cause, httpx.TransportError) and isinstance(backend, VendorBackend):
        try:
            url = cause.request.url
        except RuntimeError:
            url = httpx.URL(backend.base_url)
        if isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout):
            return unreachable(url, backend.setting_for(url), cause)
    return error.staff_message


def run_check(args: argparse.Namespace) -> int:
    settings = load(Settings)
    backend = build_backend(settings)
    try:
        if args.deep:
            return _deep(backend, args, settings.booking_backend)
        if args.write_probe:
            print("--write-probe goes with --deep.", file=sys.stderr)
            return 2
        status = backend.check()
    except BookingError as error:
        print(f"{settings.booking_backend}: NOT OK — {explain(error, backend)}", file=sys.stderr)
        return 1
    finally:
        backend.close()
    print(f"backend: {status.backend}")
    print(f"account: {status.account}")
    if status.locations:
        print(f"locations: {', '.join(status.locations)}")
    if status.upcoming_appointments is not None:
        print(f"upcoming appointments visible: {status.upcoming_appointments}")
    if status.detail:
        print(status.detail)
    print("OK")
    return 0


def _deep(backend: BookingBackend, args: argparse.Namespace, name: str) -> int:
    if not isinstance(backend, DeepCheck):
        print(f"{backend.name} makes no calls to a booking system; its own check:")
        status = backend.check()
        print(f"{status.account}: {status.upcoming_appointments} upcoming appointments. OK")
        return 0
    if args.write_probe and name != "qmatic":
        print(f"--write-probe is for Qmatic only: check-backend never writes to {backend.name}.", file=sys.stderr)
    probes = backend.deep_check(
        personal_id=args.personal_id, booking=args.booking, write_probe=args.write_probe and name == "qmatic"
    )
    print(f"{backend.name}: every call the bot relies on, in conversation order")
    print(render(probes))
    failing = [probe for probe in probes if probe.fails]
    if failing:
        print(f"NOT OK: {len(failing)} call(s) the bot needs do not work: {', '.join(p.call for p in failing)}.")
        return 1
    print("OK: every call the bot needs works.")
    return 0
