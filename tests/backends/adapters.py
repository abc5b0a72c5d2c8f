"""An HTTP adapter as the vendor suites drive it: on a test clock, with short timeouts, never really sleeping.

Each vendor's `support.make_backend` builds its settings and hands them here,
so how a test adapter is wired (and the `slept` list tests read the retry
waits from) is written once; `closing` is how a fixture holds one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

import httpx

from bot.backends.http import RetryPolicy
from bot.backends.vendor import VendorBackend
from bot.domain import Clock

AdapterT = TypeVar("AdapterT", bound=VendorBackend)


def for_tests(adapter: type[AdapterT], settings: Any, clock: Clock) -> AdapterT:
    """`adapter(settings)` on `clock`: three attempts, 0.3 s timeouts, and waits recorded in `.slept`, not slept."""
    slept: list[float] = []
    backend = adapter(
        settings,
        clock=clock,
        sleep=slept.append,
        timeout=httpx.Timeout(0.3),
        policy=RetryPolicy(attempts=3, base_delay=0.0, max_wait=5.0),
    )
    backend.slept = slept  # type: ignore[attr-defined]
    return backend


def closing(backend: AdapterT) -> Iterator[AdapterT]:
    """Hand the adapter to the test, then free its connections (for `yield from` in a fixture)."""
    try:
        yield backend
    finally:
        backend.close()
