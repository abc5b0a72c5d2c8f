"""A hook for counting storage errors without the store knowing how they are counted.

The store may not import the metrics (they live at the Slack edge, bot/cli),
so the connection layers report each failed read or write here by its cause
in words (`StorageError.cause`, never data), and the composition root points
the hook at its metrics. Until then a report does nothing. A failing observer
never changes the error the caller gets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

ErrorObserver = Callable[[str], None]
"""(cause) -> None."""

_observer: ErrorObserver | None = None


def set_error_observer(observer: ErrorObserver | None) -> None:
    """Where every storage error is reported from now on (None: nowhere)."""
    global _observer
    _observer = observer


def storage_error(cause: str) -> None:
    observer = _observer
    if observer is None:
        return
    try:
        observer(cause)
    except Exception as error:  # counting must never hide the storage error itself
        logger.warning("storage error observer failed: %s", type(error).__name__)
