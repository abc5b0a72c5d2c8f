"""Start the served bot on a vendor's settings, and run the admin's other commands beside it."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.local.slack import SlackStandIn
from tests.e2e.harness import Clinic, ServedBot, Staff, run_clinic_bot

CHICAGO = ZoneInfo("America/Chicago")
"""The demo clinics' zone, and the front desk's."""


def in_days(days: int) -> date:
    """The clinic's date `days` from today (the stand-ins' demo data is seeded as of today in Chicago)."""
    return datetime.now(CHICAGO).date() + timedelta(days=days)


def serve(slack: SlackStandIn, workdir: Path, settings: dict[str, str]) -> ServedBot:
    return ServedBot(slack, Clinic(workdir), settings=settings).start()


def staff_on(slack: SlackStandIn, workdir: Path, settings: dict[str, str]) -> Iterator[Staff]:
    """The front desk at a bot served on `settings`, stopped after the test (for `yield from` in a fixture)."""
    served = serve(slack, workdir, settings)
    try:
        yield served.as_staff()
    finally:
        served.stop()


def admin(staff: Staff, *args: str) -> subprocess.CompletedProcess[str]:
    """Another `clinic-bot` command (check-backend, audit) with the served bot's settings."""
    return run_clinic_bot(staff.bot.environment(), *args, cwd=staff.bot.clinic.workdir)
