"""The handlers' Intake: the durable inbox in the ack path, then the work on the ack-first pool.

A failure in the work is a bug: it is logged by type only (its message could
quote patient data), and the person is told plainly rather than left waiting.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from bot.assistant import Assistant
from bot.assistant.ports import ReplyTo
from bot.assistant.requests import ClickRequest, CommandRequest, MessageRequest
from bot.cli.ack_first import AckFirstExecutor
from bot.cli.metrics import Metrics
from bot.engine.turn import Reply
from bot.store.protocol import StorageError

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
        try:
            return self.assistant.accept(request)
        except StorageError as error:
            # The inbox is a safety net: without it the request is still worth doing now.
            logger.error("inbox not written (%s); handling the request anyway", error.cause)
            return True

    def submit(self, request: Request) -> None:
        arrived = getattr(self._arrival, "at", None) or time.perf_counter()
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
