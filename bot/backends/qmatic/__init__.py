"""Qmatic (Cloud Appointments external API) backend: `build` reads the QMATIC_* settings and returns the adapter."""

from __future__ import annotations

from bot.backends.qmatic.adapter import QmaticBackend
from bot.backends.qmatic.settings import QmaticSettings
from bot.config import Settings, load


def build(settings: Settings) -> QmaticBackend:
    qmatic = load(QmaticSettings)
    if qmatic.timezone is None:
        qmatic = qmatic.model_copy(update={"timezone": settings.clinic_timezone})
    return QmaticBackend(qmatic)


__all__ = ["QmaticBackend", "QmaticSettings", "build"]
