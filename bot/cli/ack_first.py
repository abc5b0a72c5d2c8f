"""Acknowledgements first: background work waits while a Slack request is still being acknowledged, no longer.

Python runs one thread at a time (the GIL), so the work done after an ack
(parsing, booking lookups, drawing cards) competes with the next requests'
acks for the same CPU. Slack drops a request not acknowledged within 3 s, so
acks come first: the HTTP layer counts requests in flight, and a piece of
background work starts only once none is. But it waits for nothing else: no
quiet period after the last request (a card that waited 50 ms for a burst
to be over cost a single user 90% of their time to card, and under a steady
trickle of requests the quiet never came), and never longer than `max_wait`. A job that already runs is never
paused: an ack that arrives meanwhile shares the CPU for a few milliseconds,
far inside Slack's 3 s.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

MAX_WAIT_SECONDS = 2.0
"""Work never waits longer than this for pending acks, however long a burst goes on."""


class AckGate:
    """Counts Slack requests being acknowledged; work waits while any is.

    `quiet_seconds` additionally asks for that long without a new request (0, the default: no quiet
    period; kept for callers that want a burst to be over first).
    """

    def __init__(self, quiet_seconds: float = 0.0) -> None:
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
            if self._in_flight == 0:
                self._changed.notify_all()

    def wait_until_quiet(self, max_wait: float = MAX_WAIT_SECONDS) -> None:
        """Until no request is being acknowledged (and, if asked, none arrived for `quiet_seconds`), or `max_wait`."""
        with self._changed:
            if self._in_flight == 0 and not self.quiet_seconds:
                return
            deadline = time.monotonic() + max_wait
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
    """A thread pool whose jobs start only when no acknowledgement is pending (or after the gate's `max_wait`)."""

    def __init__(self, gate: AckGate, max_workers: int, thread_name_prefix: str = "") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self.gate = gate

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        def after_the_acks() -> T:
            self.gate.wait_until_quiet()
            return fn(*args, **kwargs)

        return super().submit(after_the_acks)


__all__ = ["AckFirstExecutor", "AckGate"]
