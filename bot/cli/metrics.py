"""What `GET /metrics` shows (Prometheus text format): one registry and every metric object, in one place.

Why here, at the edge: counting is the Slack edge's and the composition
root's business. The assistant, engine, views and parser never import
prometheus_client (an import-linter contract says so); the backends and the
store report through tiny hooks (bot/backends/observe.py, bot/store/observe.py)
that `build_bot` points at `Metrics`.

No label ever carries patient data or an identity: labels are a fixed
vocabulary (request kinds, outcomes, HTTP statuses, vendor names, Slack's
error codes, storage causes in words), never a name, a phone, a request's
text, a Slack user, channel or conversation id. Slack's error codes and the
storage causes are passed through `_bounded` so that an unexpected value can
neither leak data nor grow the series without bound.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

from bot.engine.state import Conversation, Step

CONTENT_TYPE = CONTENT_TYPE_LATEST

ACK_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0)
"""Seconds; Slack gives up on an acknowledgement after 3 s, so the buckets are fine below that."""
CARD_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
BACKEND_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

OUTCOMES = {Step.DONE: "done", Step.FAILED: "failed", Step.EXPIRED: "expired", Step.CANCELLED_BY_USER: "stopped"}
REMEMBERED_OUTCOMES = 4096
"""How many ended conversations are remembered so that drawing one outcome twice counts it once."""

_LABEL_SHAPE = re.compile(r"^[A-Za-z0-9_.:() -]{1,80}$")
_SLACK_CODE_SHAPE = re.compile(r"^[a-z0-9_]{1,64}$")

StartResponse = Callable[..., Any]


def _bounded(value: str, shape: re.Pattern[str] = _LABEL_SHAPE) -> str:
    """`value` when it has the expected shape, else "other": a label is never free text."""
    return value if shape.match(value) else "other"


def slack_code(value: str) -> str:
    """A Slack error code ('not_in_channel') or an HTTP status ('503'); anything else is "other"."""
    return _bounded(value, _SLACK_CODE_SHAPE)


class Metrics:
    """The bot's metrics, in a registry of their own (two bots in one test process never collide)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        self.acks = Histogram(
            "clinic_bot_ack_seconds",
            "Time to answer a Slack request on /slack/events (its acknowledgement), by HTTP status; "
            "_count is the number of acknowledgements",
            ["status"],
            buckets=ACK_BUCKETS,
            registry=registry,
        )
        self.cards = Counter(
            "clinic_bot_cards",
            "Conversation cards drawn in a person's DM: posted (chat.postMessage) or updated (chat.update)",
            ["action"],
            registry=registry,
        )
        self.time_to_card = Histogram(
            "clinic_bot_time_to_card_seconds",
            "From a Slack request's arrival to the first card drawn for it, by kind of request",
            ["request"],
            buckets=CARD_BUCKETS,
            registry=registry,
        )
        self.conversations = Counter(
            "clinic_bot_conversations_ended",
            "Conversations that ended, by outcome: done, failed, expired, stopped (by the person or a newer request)",
            ["outcome"],
            registry=registry,
        )
        self.backend_calls = Counter(
            "clinic_bot_backend_calls",
            "HTTP calls to the booking system (each attempt), by vendor and HTTP status "
            "(or the transport error's name when no answer came)",
            ["vendor", "status"],
            registry=registry,
        )
        self.backend_seconds = Histogram(
            "clinic_bot_backend_call_seconds",
            "Duration of each HTTP call to the booking system, by vendor",
            ["vendor"],
            buckets=BACKEND_BUCKETS,
            registry=registry,
        )
        self.storage_errors = Counter(
            "clinic_bot_storage_errors",
            "Database reads or writes that failed, by cause in words ('database is locked')",
            ["cause"],
            registry=registry,
        )
        self.slack_refusals = Counter(
            "clinic_bot_slack_refusals",
            "Slack Web API calls and response_url posts Slack refused, by method and Slack's error code "
            "(or HTTP status)",
            ["method", "error"],
            registry=registry,
        )
        for outcome in OUTCOMES.values():
            self.conversations.labels(outcome=outcome)
        for action in ("posted", "updated"):
            self.cards.labels(action=action)
        self._waiting = threading.local()
        self._ended: OrderedDict[tuple[str, int], None] = OrderedDict()
        self._lock = threading.Lock()

    # -- exposition ---------------------------------------------------------------------------
    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def serve(self, start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI answer to GET /metrics."""
        body = self.exposition()
        start_response("200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(body)))])
        return [body]

    # -- acknowledgements (the WSGI wrapper) -------------------------------------------------------
    def acknowledging(self, start_response: StartResponse, respond: Callable[[StartResponse], Iterable[bytes]]) -> Any:
        """Run one Slack request's handling, timing it and noting the HTTP status it was answered with."""
        status = ["none"]

        def noting(line: str, *args: Any) -> Any:
            status[0] = line.split(" ", 1)[0]
            return start_response(line, *args)

        started = time.perf_counter()
        try:
            return respond(noting)
        finally:
            self.acks.labels(status=_bounded(status[0])).observe(time.perf_counter() - started)

    # -- time to card (the intake and the messenger) ---------------------------------------------
    @contextmanager
    def awaiting_card(self, request: str, arrived: float) -> Iterator[None]:
        """While a request's work runs on this thread, the first card drawn is timed from `arrived`.

        `arrived` is a `time.perf_counter()` reading taken in the ack path.
        """
        self._waiting.since = (request, arrived)
        try:
            yield
        finally:
            self._waiting.since = None

    def card_drawn(self, action: str) -> None:
        self._count("cards", action=action)
        waiting: tuple[str, float] | None = getattr(self._waiting, "since", None)
        if waiting is not None:
            self._waiting.since = None
            request, arrived = waiting
            self._observe("time_to_card", time.perf_counter() - arrived, request=_bounded(request))

    def outcome_drawn(self, conversation: Conversation) -> None:
        """A card showing an ended conversation: counted once per conversation version, however often drawn."""
        outcome = OUTCOMES.get(conversation.step)
        if outcome is None:
            return
        key = (conversation.id, conversation.version)
        with self._lock:
            if key in self._ended:
                return
            self._ended[key] = None
            if len(self._ended) > REMEMBERED_OUTCOMES:
                self._ended.popitem(last=False)
        self._count("conversations", outcome=outcome)

    # -- Slack refusals (the messenger) -------------------------------------------------------------
    def slack_refused(self, method: str, error: str) -> None:
        self._count("slack_refusals", method=_bounded(method), error=slack_code(error))

    # -- the hooks of the backends and the store ---------------------------------------------------
    def backend_call(self, vendor: str, status: str, seconds: float) -> None:
        vendor = _bounded(vendor)
        self._count("backend_calls", vendor=vendor, status=_bounded(status))
        self._observe("backend_seconds", seconds, vendor=vendor)

    def storage_error(self, cause: str) -> None:
        self._count("storage_errors", cause=_bounded(cause))

    # -- the updates themselves (a work process relays them: bot/cli/metrics_relay.py) ----------------------
    def _count(self, name: str, **labels: str) -> None:
        self.counter(name).labels(**labels).inc()

    def _observe(self, name: str, value: float, **labels: str) -> None:
        self.histogram(name).labels(**labels).observe(value)

    def counter(self, name: str) -> Counter:
        """A counter a work process may update, by its attribute name (KeyError for any other name)."""
        return {
            "cards": self.cards,
            "conversations": self.conversations,
            "slack_refusals": self.slack_refusals,
            "backend_calls": self.backend_calls,
            "storage_errors": self.storage_errors,
        }[name]

    def histogram(self, name: str) -> Histogram:
        """A histogram a work process may update, by its attribute name (KeyError for any other name)."""
        return {"time_to_card": self.time_to_card, "backend_seconds": self.backend_seconds}[name]

    # -- a work process of its own (bot/cli/work_process.py) ---------------------------------------------
    def watch_work_process(self, pid: Callable[[], int | None]) -> None:
        """Also show the work process's CPU, memory and open files, as clinic_bot_work_process_* (none while
        it is not running)."""
        ProcessCollector(namespace="clinic_bot_work", pid=lambda: pid() or "gone", registry=self.registry)


__all__ = ["CONTENT_TYPE", "Metrics", "slack_code"]
