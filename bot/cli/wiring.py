"""build_bot(settings): the whole bot, wired once — the composition root.

`serve` and `console` both call it, so the console runs the very same app
that Slack talks to. This is the one place that picks concrete parts: the
store, the booking backend, the parser's settings, the Slack client, the
work pool; everything below receives them.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

import handlers
from bot.assistant import Access, Assistant
from bot.backends import build_backend
from bot.backends import observe as backend_calls
from bot.backends.base import BookingBackend
from bot.cli.ack_first import AckFirstExecutor, AckGate
from bot.cli.intake import HandOverIntake, WorkIntake
from bot.cli.metrics import Metrics
from bot.cli.slack_http import KeepAliveWebClient
from bot.cli.slack_messenger import SlackMessenger
from bot.cli.zones import UserZones
from bot.config import Settings
from bot.domain import Clock, system_clock
from bot.engine import ConversationEngine
from bot.nlu import ParsedRequest, parse_request
from bot.store import Store
from bot.store import observe as storage_errors
from bot.store.factory import open_store
from handlers.intake import Intake

SLACK_API_DEFAULT = "https://slack.com/api/"


@dataclass
class Bot:
    """Everything `serve` and the console run: built once at start-up."""

    settings: Settings
    store: Store
    backend: BookingBackend
    assistant: Assistant
    app: App
    gate: AckGate
    pool: AckFirstExecutor
    metrics: Metrics
    intake: WorkIntake

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.backend.close()
        self.store.close()
        if isinstance(self.app.client, KeepAliveWebClient):
            self.app.client.close()


def clinic_parser(settings: Settings) -> Callable[[str, datetime], ParsedRequest]:
    zone = settings.clinic_timezone

    def parse(text: str, now: datetime) -> ParsedRequest:
        return parse_request(text, now.astimezone(ZoneInfo(zone)), zone, settings.date_order)

    return parse


def build_web_client(settings: Settings) -> KeepAliveWebClient:
    """The one Slack Web API client of the process: its connections are kept alive and shared by every thread."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return KeepAliveWebClient(
        token=token,
        base_url=settings.slack_api_url or SLACK_API_DEFAULT,
        timeout=10,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1), RateLimitErrorRetryHandler(max_retry_count=2)],
    )


def build_bot(
    settings: Settings, *, clock: Clock = system_clock, token_verification: bool = True, metrics: Metrics | None = None
) -> Bot:
    """The whole bot in this process. `metrics`: where its counts go (a work process relays them to the
    serving process's /metrics)."""
    metrics = metrics or Metrics()
    # The store and the backends report through hooks (they never import the metrics): pointed here first,
    # so that even a failure while opening the store is counted.
    storage_errors.set_error_observer(metrics.storage_error)
    backend_calls.set_call_observer(metrics.backend_call)
    store = open_store(settings.store_location)
    backend = build_backend(settings)
    parse = clinic_parser(settings)
    engine = ConversationEngine(
        backend,
        parse,
        clinic_tz=settings.clinic_timezone,
        slots_per_page=settings.slots_per_page,
        date_order=settings.date_order,
    )
    client = build_web_client(settings)
    messenger = SlackMessenger(
        client, UserZones(fallback=ZoneInfo(settings.clinic_timezone)), clock, metrics, webhook=client.webhook
    )
    assistant = Assistant(
        engine=engine,
        store=store,
        messenger=messenger,
        parse=parse,
        clock=clock,
        access=Access(frozenset(settings.allowed_user_ids), frozenset(settings.allowed_channel_ids)),
        ttl=timedelta(minutes=settings.conversation_ttl),
        owner=f"{socket.gethostname()}:{os.getpid()}",
        lease=settings.change_lease,
        working_card_after=settings.working_card_after,
    )
    gate = AckGate()
    pool = AckFirstExecutor(gate, settings.work_threads, "clinic-bot-work")
    intake = WorkIntake(assistant, pool, metrics)
    app = build_app(settings, client, intake, token_verification=token_verification)
    return Bot(settings, store, backend, assistant, app, gate, pool, metrics, intake)  # the fields, in their order


@dataclass
class Front:
    """The serving process when the work has a process of its own: it acknowledges and hands over, nothing else."""

    settings: Settings
    store: Store
    app: App
    gate: AckGate
    metrics: Metrics

    def close(self) -> None:
        self.store.close()
        if isinstance(self.app.client, KeepAliveWebClient):
            self.app.client.close()


def build_front(settings: Settings, metrics: Metrics, hand_over: Callable[[str, float], None]) -> Front:
    """The Bolt app whose listeners write each request to the inbox, acknowledge it and `hand_over` its work."""
    storage_errors.set_error_observer(metrics.storage_error)
    store = open_store(settings.store_location)
    app = build_app(settings, build_web_client(settings), HandOverIntake(store, hand_over))
    return Front(settings, store, app, AckGate(), metrics)


def build_app(settings: Settings, client: WebClient, intake: Intake, *, token_verification: bool = True) -> App:
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    # Each listener acknowledges in the request's own thread (process_before_response) and hands
    # its work to the intake's pool. Bolt's default instead runs ack() on a 5-thread pool shared
    # with the work, so a slow booking system would delay acknowledgements past Slack's 3 seconds;
    # its lazy listeners deep-copy every request, which costs the ack path ~0.5 ms.
    app = App(
        client=client,
        signing_secret=secret,
        token_verification_enabled=token_verification,
        logger=logging.getLogger("slack_bolt.App"),
        process_before_response=True,
    )

    @app.middleware
    def provide_intake(context: BoltContext, next: Callable[[], Any]) -> Any:
        context["intake"] = intake
        return next()

    handlers.register(app)
    return app
