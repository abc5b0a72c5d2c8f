"""Booking backends: the protocol, our errors, and `build_backend` choosing one by name.

Each adapter module exposes `build(settings: Settings) -> BookingBackend`, which
reads its own vendor settings (its own env prefix) and raises ConfigError naming
any missing or malformed variable.
"""

from __future__ import annotations

import importlib

from bot.backends.base import BookingBackend
from bot.config import Settings

ADAPTER_MODULES = {
    "sandbox": "bot.backends.sandbox",
    "cliniko": "bot.backends.cliniko",
    "qmatic": "bot.backends.qmatic",
    "solv": "bot.backends.solv",
}


def build_backend(settings: Settings) -> BookingBackend:
    module = importlib.import_module(ADAPTER_MODULES[settings.booking_backend])
    backend: BookingBackend = module.build(settings)
    return backend


__all__ = ["BookingBackend", "build_backend"]
