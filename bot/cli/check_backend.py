"""`clinic-bot check-backend`: the first thing an admin runs.

One read-only call with the configured credentials; prints what it reached
or exactly what is wrong. Exit 0 when the backend answered, 1 when not.
"""

from __future__ import annotations

import argparse
import sys

from bot.backends import build_backend
from bot.backends.errors import BookingError
from bot.config import Settings, load


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("check-backend", help="check the booking system credentials (read-only)")
    parser.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    settings = load(Settings)
    backend = build_backend(settings)
    try:
        status = backend.check()
    except BookingError as error:
        print(f"{settings.booking_backend}: NOT OK — {error.staff_message}", file=sys.stderr)
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
