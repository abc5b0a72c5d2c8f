"""Cliniko backend: `build` reads the CLINIKO_* settings and returns the adapter."""

from __future__ import annotations

from bot.backends.cliniko.adapter import ClinikoBackend
from bot.backends.cliniko.settings import ClinikoSettings
from bot.backends.vendor import vendor_settings
from bot.config import Settings


def build(settings: Settings) -> ClinikoBackend:
    return ClinikoBackend(vendor_settings(ClinikoSettings, settings))


__all__ = ["ClinikoBackend", "ClinikoSettings", "build"]
