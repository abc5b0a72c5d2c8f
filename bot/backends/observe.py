"""A hook for counting booking-system calls without the backends knowing how they are counted.

The backends may not import the metrics (they live at the Slack edge, bot/cli),
so `VendorHttp` reports each HTTP attempt here as (vendor, status, seconds),
and the composition root points the hook at its metrics. Until then a report
does nothing. A failing observer never breaks a booking call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

CallObserver = Callable[[str, str, float], None]
"""(vendor, HTTP status or the transport error's name, seconds) -> None."""

_observer: CallObserver | None = None


def set_call_observer(observer: CallObserver | None) -> None:
    """Where every vendor HTTP call is reported from now on (None: nowhere)."""
    global _observer
    _observer = observer


def backend_call(vendor: str, status: str, seconds: float) -> None:
    observer = _observer
    if observer is None:
        return
    try:
        observer(vendor, status, seconds)
    except Exception as error:  # counting must never fail a booking
        logger.warning("backend call observer failed: %s", type(error).__name__)
