"""Cliniko backend: `build` reads the CLINIKO_* settings and returns the adapter."""

from __future__ import annotations

from bot.backends.cliniko.adapter import ClinikoBackend
from bot.backends.cliniko.settings import ClinikoSettings
from bot.config import Settings, load


def build(settings: Settings) -> ClinikoBackend:
    cliniko = load(ClinikoSettings)
    if cliniko.timezone is None:
        cliniko = cliniko.model_copy(update={"timezone": settings.clinic_timezone})
    return ClinikoBackend(cliniko)


__all__ = ["ClinikoBackend", "ClinikoSettings", "build"]
