"""Acknowledgements first: background work waits while Slack requests are still being acknowledged.

Python runs one thread at a time (the GIL), so on a small machine the work
done after an ack (parsing, booking lookups, drawing cards) competes with the
next requests' acks for the same CPU. Slack drops a request not acknowledged
within 3 s; a card that arrives a few hundred ms later under a burst is fine.
So the HTTP layer counts requests in flight, and each piece of background
work starts only once none is (or after `max_wait`, so work never starves).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

QUIET_SECONDS = 0.05
"""How long no Slack request must have arrived before background work starts: a burst is over."""
MAX_WAIT_SECONDS = 2.0
"""Work never waits longer than this, however long a burst goes on."""


class AckGate:
    def __init__(self, quiet_seconds: float = QUIET_SECONDS) -> None:
        self.quiet_seconds = quiet_seconds
        self._in_flight = 0
        self._last_request = 0.0
        self._changed = threading.Condition()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def enter(self) -> None:
        with self._changed:
            self._in_flight += 1
            self._last_request = time.monotonic()

    def leave(self) -> None:
        with self._changed:
            self._in_flight -= 1
            self._changed.notify_all()

    def wait_until_quiet(self, max_wait: float = MAX_WAIT_SECONDS) -> None:
        """Until no request is in flight and none arrived for `quiet_seconds` (a burst is over), or `max_wait`."""
        deadline = time.monotonic() + max_wait
        with self._changed:
            while True:
                now = time.monotonic()
                if now >= deadline:
                    return
                if self._in_flight == 0:
                    quiet_for = now - self._last_request
                    if quiet_for >= self.quiet_seconds:
                        return
                    self._changed.wait(min(self.quiet_seconds - quiet_for, deadline - now))
                else:
                    self._changed.wait(deadline - now)

    def around(self, respond: Callable[[], Iterable[bytes]]) -> Iterable[bytes]:
        """Run one HTTP request's handling as 'in flight'."""
        self.enter()
        try:
            return respond()
        finally:
            self.leave()


class AckFirstExecutor(ThreadPoolExecutor):
    """A thread pool whose jobs start only when no acknowledgement is pending."""

    def __init__(self, gate: AckGate, max_workers: int, thread_name_prefix: str = "") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self.gate = gate

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        def after_the_acks() -> T:
            self.gate.wait_until_quiet()
            return fn(*args, **kwargs)

        return super().submit(after_the_acks)


__all__ = ["AckFirstExecutor", "AckGate"]
