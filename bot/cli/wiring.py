"""build_services(settings) and build_app(services): the whole bot, wired once.

`serve` and `console` both call these, so the console runs the very same app
that Slack talks to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

import handlers
from bot.assistant import Assistant
from bot.backends import build_backend
from bot.cli.services import Services, UserZones
from bot.config import Settings
from bot.domain import Clock, system_clock
from bot.engine import ConversationEngine
from bot.nlu import ParsedRequest, parse_request
from bot.store.factory import open_store

SLACK_API_DEFAULT = "https://slack.com/api/"


def build_services(settings: Settings, *, clock: Clock = system_clock) -> Services:
    store = open_store(settings.store_location)
    backend = build_backend(settings)
    zone = settings.clinic_timezone

    def parse(text: str, now: datetime) -> ParsedRequest:
        local_now = now.astimezone(ZoneInfo(zone))
        return parse_request(text, local_now, zone, settings.date_order)

    engine = ConversationEngine(backend, parse, clinic_tz=zone, slots_per_page=settings.slots_per_page)
    assistant = Assistant(
        engine=engine, store=store, parse=parse, clock=clock, ttl=timedelta(minutes=settings.conversation_ttl)
    )
    return Services(
        settings=settings,
        store=store,
        backend=backend,
        assistant=assistant,
        zones=UserZones(fallback=ZoneInfo(zone)),
        clock=clock,
        work_threads=settings.work_threads,
    )


def build_web_client(settings: Settings) -> WebClient:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url or SLACK_API_DEFAULT,
        timeout=10,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1), RateLimitErrorRetryHandler(max_retry_count=2)],
    )


def build_app(services: Services, *, token_verification: bool = True) -> App:
    settings = services.settings
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    # Each listener acknowledges in the request's own thread (process_before_response) and hands
    # its work to `services.in_background`. Bolt's default instead runs ack() on a 5-thread pool
    # shared with the work, so a slow booking system would delay acknowledgements past Slack's
    # 3 seconds; its lazy listeners deep-copy every request, which costs the ack path ~0.5 ms.
    app = App(
        client=build_web_client(settings),
        signing_secret=secret,
        token_verification_enabled=token_verification,
        logger=logging.getLogger("slack_bolt.App"),
        process_before_response=True,
    )

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], Any]) -> Any:
        context["services"] = services
        return next()

    handlers.register(app)
    return app
