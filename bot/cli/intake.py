"""The handlers' Intakes: the durable inbox in the ack path, then the work, here or in the work process.

`WorkIntake` does the work in this process, on the ack-first pool.
`HandOverIntake` is the serving process's when the work has a process of its
own (bot/cli/work_process.py): the request goes to the inbox, is acknowledged,
and is then handed over as its inbox row's body.

A failure in the work is a bug: it is logged by type only (its message could
quote patient data), and the person is told plainly rather than left waiting.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.assistant import Assistant
from bot.assistant.inbox_rows import inbox_entry
from bot.assistant.ports import ReplyTo
from bot.assistant.requests import ClickRequest, CommandRequest, MessageRequest
from bot.cli.ack_first import AckFirstExecutor
from bot.cli.metrics import Metrics
from bot.domain import Clock, system_clock
from bot.engine.turn import Reply
from bot.store.protocol import StorageError, Store

logger = logging.getLogger("bot.slack")

Request = CommandRequest | ClickRequest | MessageRequest


@dataclass
class WorkIntake:
    assistant: Assistant
    pool: AckFirstExecutor
    metrics: Metrics = field(default_factory=Metrics)
    _arrival: threading.local = field(default_factory=threading.local)
    """When the request this (ack) thread is handling arrived: `accept` and `submit` run on the same thread."""

    def accept(self, request: Request) -> bool:
        self._arrival.at = time.perf_counter()
        return _into_inbox(lambda: self.assistant.accept(request))

    def submit(self, request: Request) -> None:
        self.hand_over(request, getattr(self._arrival, "at", None) or time.perf_counter())

    def hand_over(self, request: Request, arrived: float) -> None:
        """Do `request`'s work on the pool; `arrived` is its `time.perf_counter()` in the ack path (the clock
        is the machine's, so an ack taken in the serving process times a card drawn in the work process)."""
        self.pool.submit(self._guarded, request, arrived)

    def _guarded(self, request: Request, arrived: float) -> None:
        try:
            with self.metrics.awaiting_card(request.type, arrived):
                self.assistant.handle(request)
        except Exception as error:
            cause = error.cause if isinstance(error, StorageError) else ""
            logger.error("%s request failed: %s %s", request.type, type(error).__name__, cause)
            to = ReplyTo(
                user_id=request.user_id,
                response_url=getattr(request, "response_url", None),
                channel_id=request.channel_id,
            )
            try:
                self.assistant.messenger.reply(to, Reply(kind="something_wrong"))
            except Exception as telling:
                logger.error("could not tell the person: %s", type(telling).__name__)


def _into_inbox(write: Callable[[], bool]) -> bool:
    try:
        return write()
    except StorageError as error:
        # The inbox is a safety net: without it the request is still worth doing now.
        logger.error("inbox not written (%s); handling the request anyway", error.cause)
        return True


@dataclass
class HandOverIntake:
    """Inbox and ack here; the work in another process, which gets each request as its inbox row's body."""

    store: Store
    hand_over: Callable[[str, float], None]
    """Sends (the request as stored in the inbox, its `time.perf_counter()` on arrival) to the work process."""
    clock: Clock = system_clock
    _accepted: threading.local = field(default_factory=threading.local)
    """The request this (ack) thread accepted last, as (key, body, arrival): `submit` sends that same body."""

    def accept(self, request: Request) -> bool:
        arrived = time.perf_counter()
        entry = inbox_entry(request, self.clock())
        self._accepted.last = (request.key, entry.body, arrived)
        return _into_inbox(lambda: self.store.inbox_add(entry))

    def submit(self, request: Request) -> None:
        key, body, arrived = getattr(self._accepted, "last", None) or ("", "", 0.0)
        if key != request.key:
            entry = inbox_entry(request, self.clock())
            body, arrived = entry.body, time.perf_counter()
        self.hand_over(body, arrived)
