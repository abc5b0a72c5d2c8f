"""The embedded demo clinic (`BOOKING_BACKEND=sandbox`, the default): no vendor account needed.

A file with no demo clinic in it yet is seeded as of today (in `CLINIC_TZ`) the
first time anything opens it, so a bare `clinic-bot console`, `serve` or
`sandbox appointments` has appointments to work on; `clinic-bot sandbox seed`
resets it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.backends.sandbox.admin import SandboxAdmin
from bot.backends.sandbox.backend import SandboxBackend
from bot.backends.sandbox.seed import seed
from bot.config import Settings


def open_demo(settings: Settings) -> tuple[SandboxBackend, date | None]:
    """The demo clinic of `settings`, and the day it was seeded as when this open seeded it (None otherwise)."""
    backend = SandboxBackend(settings.clinic_bot_db, hold_minutes=settings.hold_minutes)
    if backend.check().locations:
        return backend, None
    today = datetime.now(ZoneInfo(settings.clinic_timezone)).date()
    seed(settings.clinic_bot_db, today, settings.clinic_timezone)
    return backend, today


def build(settings: Settings) -> SandboxBackend:
    return open_demo(settings)[0]


__all__ = ["SandboxAdmin", "SandboxBackend", "build", "open_demo", "seed"]
