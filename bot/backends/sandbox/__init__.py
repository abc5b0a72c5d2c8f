"""The embedded demo clinic (`BOOKING_BACKEND=sandbox`, the default): no vendor account needed.

`build` seeds the clinic as of today when the file has none yet, so a bare
`clinic-bot console` or `serve` has appointments to work on.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.backends.sandbox.backend import SandboxBackend
from bot.backends.sandbox.seed import seed
from bot.config import Settings


def build(settings: Settings) -> SandboxBackend:
    backend = SandboxBackend(settings.clinic_bot_db, hold_minutes=settings.hold_minutes)
    if not backend.check().locations:
        seed(settings.clinic_bot_db, datetime.now(ZoneInfo(settings.clinic_timezone)).date(), settings.clinic_timezone)
    return backend


__all__ = ["SandboxBackend", "build", "seed"]
