"""Start the served bot on a vendor's settings, and run the admin's other commands beside it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bot.local.slack import SlackStandIn
from tests.e2e.harness import Clinic, ServedBot, Staff, run_clinic_bot


def serve(slack: SlackStandIn, workdir: Path, settings: dict[str, str]) -> ServedBot:
    return ServedBot(slack, Clinic(workdir), settings=settings).start()


def admin(staff: Staff, *args: str) -> subprocess.CompletedProcess[str]:
    """Another `clinic-bot` command (check-backend, audit) with the served bot's settings."""
    return run_clinic_bot(staff.bot.environment(), *args, cwd=staff.bot.clinic.workdir)
