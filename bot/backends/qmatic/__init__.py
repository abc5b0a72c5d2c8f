"""Qmatic (Cloud Appointments external API) backend: `build` reads the QMATIC_* settings and returns the adapter."""

from __future__ import annotations

from bot.backends.qmatic.adapter import QmaticBackend
from bot.backends.qmatic.settings import QmaticSettings
from bot.backends.vendor import vendor_settings
from bot.config import Settings


def build(settings: Settings) -> QmaticBackend:
    return QmaticBackend(vendor_settings(QmaticSettings, settings))


__all__ = ["QmaticBackend", "QmaticSettings", "build"]
