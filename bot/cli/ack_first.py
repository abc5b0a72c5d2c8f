"""Acknowledgements first: background work yields to Slack requests being acknowledged, but only so far.

Python runs one thread at a time (the GIL), so the work done after an ack
(parsing, booking lookups, drawing cards) competes with the next requests'
acks for the same CPU. Slack drops a request not acknowledged within 3 s, so
acks come first, in two ways:

- A job never overtakes the acknowledgement of the request that started it
  (it is submitted while that request is still being answered).
- While other requests are being acknowledged, at most `jobs_during_acks`
  jobs run; the rest wait, never longer than `max_wait`. The old rule, "no job
  starts while any ack is pending", held every card back whenever requests
  kept arriving: at 50 concurrent conversations the process sat at half a
  core with its work threads idle, waiting for a gap in the acks.

A job that already runs is never paused: an ack that arrives meanwhile shares
the CPU for a few milliseconds, far inside Slack's 3 s.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

MAX_WAIT_SECONDS = 2.0
"""Work never waits longer than this for pending acks, however long a burst goes on."""
JOBS_DURING_ACKS = 1
"""How many jobs may run while other requests are being acknowledged (each shares the CPU with the acks)."""


class _Request:
    """One request being acknowledged; `answered` is set once its response is ready."""

    __slots__ = ("answered",)

    def __init__(self) -> None:
        self.answered = threading.Event()


class AckGate:
    """Counts Slack requests being acknowledged, and the jobs running meanwhile.

    Wake-ups are exact, because every one costs the acks the GIL: a job waiting for its own request
    waits on that request's own event; jobs waiting for the acks to thin out are woken only when one
    may start (the last pending ack answered, or a job beside them ended), never by every ack. The old
    gate woke every waiting job at every ack, and at 50 concurrent requests those wake-ups cost more
    than the acks themselves.
    """

    def __init__(self, jobs_during_acks: int = JOBS_DURING_ACKS) -> None:
        self.jobs_during_acks = jobs_during_acks
        self._pending = 0
        self._running = 0
        self._waiting = 0
        self._changed = threading.Condition()
        self._local = threading.local()

    @property
    def in_flight(self) -> int:
        return self._pending

    def current_request(self) -> _Request | None:
        """The request this thread is acknowledging now (None outside one)."""
        return getattr(self._local, "request", None)

    def around(self, respond: Callable[[], T]) -> T:
        """Run one request's handling (HTTP, or a Socket Mode envelope) as 'in flight'."""
        request = _Request()
        with self._changed:
            self._pending += 1
        self._local.request = request
        try:
            return respond()
        finally:
            self._local.request = None
            request.answered.set()
            with self._changed:
                self._pending -= 1
                if not self._pending and self._waiting:
                    self._changed.notify_all()

    def start_job(self, own: _Request | None = None, max_wait: float = MAX_WAIT_SECONDS) -> None:
        """Wait until a job may start (its own request answered; few enough jobs beside pending acks), or `max_wait`."""
        deadline = time.monotonic() + max_wait
        if own is not None:
            own.answered.wait(max_wait)
        with self._changed:
            self._waiting += 1
            try:
                while self._pending and self._running >= self.jobs_during_acks:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._changed.wait(left)
            finally:
                self._waiting -= 1
            self._running += 1

    def end_job(self) -> None:
        with self._changed:
            self._running -= 1
            if self._waiting:
                self._changed.notify()


class AckFirstExecutor(ThreadPoolExecutor):
    """A thread pool whose jobs start after their own request's ack, and yield to others' (see AckGate)."""

    def __init__(self, gate: AckGate, max_workers: int, thread_name_prefix: str = "") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self.gate = gate

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        own = self.gate.current_request()

        def after_the_acks() -> T:
            self.gate.start_job(own)
            try:
                return fn(*args, **kwargs)
            finally:
                self.gate.end_job()

        return super().submit(after_the_acks)


__all__ = ["AckFirstExecutor", "AckGate"]
