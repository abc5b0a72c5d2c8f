"""Solv (Partner API) backend: `build` reads the SOLV_* settings and returns the adapter."""

from __future__ import annotations

from bot.backends.solv.adapter import SolvBackend
from bot.backends.solv.settings import SolvSettings
from bot.backends.vendor import vendor_settings
from bot.config import ConfigError, Settings


def build(settings: Settings) -> SolvBackend:
    solv = vendor_settings(SolvSettings, settings)
    if bool(solv.external_location_id) != bool(solv.service_id):
        raise ConfigError(
            "SOLV_EXTERNAL_LOCATION_ID and SOLV_SERVICE_ID go together: set both to move and cancel "
            "EHR-linked bookings, or neither."
        )
    return SolvBackend(solv)


__all__ = ["SolvBackend", "SolvSettings", "build"]
