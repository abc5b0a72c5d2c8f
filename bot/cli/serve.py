"""`clinic-bot serve`: the bot for a real workspace.

Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), else HTTP on
PORT at /slack/events, served by waitress (a production WSGI server; Bolt's
own `app.start()` is a development server). On start-up: settings are
validated, conversations a crash left in `applying` are reconciled, requests
acknowledged but never finished are replayed, and a sweeper expires idle
conversations. SIGTERM stops taking requests, lets the work in hand finish
(bounded), then closes the booking system's connections.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from slack_bolt import App
from waitress.server import create_server

from bot.assistant import housekeeping
from bot.cli.ack_first import AckGate
from bot.cli.http_edge import MAX_BODY_BYTES, SlackEdge
from bot.cli.logging_setup import configure_logging
from bot.cli.metrics import Metrics
from bot.cli.wiring import Bot, build_bot
from bot.config import ConfigError, Settings, load
from bot.store.factory import is_postgresql
from bot.store.retention import INBOX_USEFUL_FOR, purge_all

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
SWEEP_SECONDS = 30.0
"""How often the sweeper makes its whole pass (settle, replay, expire, purge)."""
SETTLE_SECONDS = 5.0
"""How often the sweeper looks for interrupted changes it may settle (between its whole passes)."""

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


SUMMARY = "run the bot for a Slack workspace (Socket Mode or HTTP)"
DESCRIPTION = """Runs the bot for a Slack workspace: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on HOST:PORT
at /slack/events (and GET /healthz). Settings: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET (HTTP mode), SLACK_APP_TOKEN,
BOOKING_BACKEND and its vendor settings, CLINIC_BOT_DB, CLINIC_TZ, ALLOWED_USER_IDS, ALLOWED_CHANNEL_IDS,
SERVER_THREADS, WORK_THREADS, LOG_LEVEL (see README)."""
"""What `clinic-bot serve --help` says (argparse re-wraps it)."""


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("serve", help=SUMMARY, description=DESCRIPTION)
    parser.set_defaults(handler=run_serve)


def make_wsgi(
    app: App,
    gate: AckGate | None = None,
    health: Callable[[], str | None] | None = None,
    metrics: Metrics | None = None,
    *,
    signing_secret: str | None = None,
) -> WsgiApp:
    """Bolt at /slack/events behind the edge that refuses junk, a health check at /healthz, Prometheus
    metrics at /metrics, 404 elsewhere.

    Each Slack request is counted in flight on `gate` while it is acknowledged.
    `health` returns None when healthy, else the cause in words (then 503).
    `signing_secret`: the edge checks signatures before reading a body (else only Bolt does, after).
    """
    bolt = SlackEdge(app, signing_secret)
    in_flight = gate or AckGate()
    observed = metrics or Metrics()

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            problem = health() if health is not None else None
            if problem is None:
                start_response("200 OK", [("Content-Type", "text/plain")])
                return [b"ok"]
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [problem.encode()]
        if environ.get("PATH_INFO") == "/metrics":
            return observed.serve(start_response)
        if environ.get("PATH_INFO") != EVENTS_PATH:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not Found"]
        return observed.acknowledging(start_response, lambda noted: in_flight.around(lambda: bolt(environ, noted)))

    return wsgi


class Sweeper(threading.Thread):
    """Expires idle conversations (giving their holds back), settles interrupted changes, forgets old rows.

    Interrupted changes are looked at every SETTLE_SECONDS (one indexed read when there are none), the rest
    every `interval`: a change its killed predecessor left is settled seconds after it can be, not minutes.
    """

    def __init__(
        self, bot: Bot, interval: float = SWEEP_SECONDS, *, predecessor_died_before: datetime | None = None
    ) -> None:
        super().__init__(name="conversation-sweeper", daemon=True)
        self.bot, self.interval = bot, interval
        self.predecessor_died_before = predecessor_died_before
        self.stopped = threading.Event()

    def run(self) -> None:
        tick = min(SETTLE_SECONDS, self.interval)
        next_sweep = time.monotonic() + self.interval
        while not self.stopped.wait(tick):
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + self.interval
                self.once()
            else:
                self.settle()

    def settle(self) -> None:
        try:
            housekeeping.reconcile(self.bot.assistant, predecessor_died_before=self.predecessor_died_before)
        except Exception as error:  # a failed pass must not stop the next one
            logger.error("settling interrupted changes failed: %s", type(error).__name__)

    def once(self) -> None:
        """Settle, replay or tell, expire, then forget what is past the settings' retention (as `clinic-bot purge`).

        Unfinished inbox rows are replayed (or, past their response_url's 30 minutes, the person is told)
        before any purge could delete them: nothing acknowledged is dropped in silence.
        """
        assistant, settings = self.bot.assistant, self.bot.settings
        try:
            housekeeping.reconcile(assistant, predecessor_died_before=self.predecessor_died_before)
            housekeeping.replay(assistant, older_than=settings.replay_after)
            housekeeping.sweep(
                assistant,
                conversation_retention=settings.conversation_retention,
                inbox_retention=min(settings.conversation_retention, INBOX_USEFUL_FOR),
            )
            purge_all(
                assistant.store,
                now=assistant.clock(),
                conversations_older_than=settings.conversation_retention,
                audit_older_than=settings.audit_retention,
            )
        except Exception as error:  # a sweep that fails must not stop the next one
            logger.error("sweep failed: %s", type(error).__name__)

    def stop(self) -> None:
        self.stopped.set()


def prepare(settings: Settings) -> tuple[Bot, datetime | None]:
    """The bot, settled after its predecessor; and, on SQLite, when this process started (see `Sweeper`)."""
    settings.require_slack()
    settings.warn_if_open()
    bot = build_bot(settings)
    if bot.backend.name.lower().startswith("demo") or settings.booking_backend == "sandbox":
        logger.warning(
            "BOOKING_BACKEND is sandbox: serving the embedded demo clinic, not a real booking system "
            "(set BOOKING_BACKEND=cliniko, qmatic or solv)"
        )
    # One process on SQLite: whatever is unfinished was its predecessor's. On PostgreSQL a live replica
    # may be working on the newest requests: only those old enough to have been interrupted.
    shared = is_postgresql(settings.store_location)
    started = None if shared else bot.assistant.clock()
    housekeeping.reconcile(bot.assistant, predecessor_died_before=started)
    housekeeping.replay(bot.assistant, older_than=settings.replay_after if shared else timedelta(0))
    return bot, started


def run_serve(args: argparse.Namespace) -> int:
    settings = load(Settings)
    configure_logging(settings.log_level)
    try:
        bot, started = prepare(settings)
    except ConfigError:
        raise
    except Exception as error:
        # Typically auth.test refusing the bot token: say so plainly, no stack trace.
        raise ConfigError(f"could not start: {type(error).__name__}: {error}") from error
    # Everything loaded so far (parser tables, Slack SDK, pydantic models) lives as long as the
    # process: keep it out of the garbage collector's full passes, which pause every thread.
    gc.freeze()
    sweeper = Sweeper(bot, settings.sweep_seconds, predecessor_died_before=started)
    sweeper.start()
    try:
        if settings.slack_app_token is not None:
            from bot.cli.socket_mode import run_socket_mode  # only Socket Mode pays for its client

            return run_socket_mode(bot.app, settings, bot.gate)
        return _http(bot, settings)
    finally:
        sweeper.stop()
        stop(bot, settings.stop_timeout)


def finish_work(bot: Bot, within: float) -> bool:
    """Let the acknowledged work (queued or running) finish, for at most `within` seconds; True if it all did.

    The work pool's own shutdown waits without a bound, so it waits on a thread of its own.
    """
    finishing = threading.Thread(target=bot.pool.shutdown, kwargs={"wait": True}, name="finish-work", daemon=True)
    finishing.start()
    finishing.join(within)
    return not finishing.is_alive()


def stop(bot: Bot, within: float) -> None:
    """After the last request was taken: the work in hand finishes (its changes, cards and audit rows), then the
    booking system's connections and the store close. Work still running after `within` seconds (a booking
    system that does not answer) is not cut off: closing its client under it would turn a change that went
    through into "Something went wrong". The process ends at once instead, as after a crash, and the next
    start settles it: the change left in `applying` is read back, the unfinished request replayed or reported.
    """
    if finish_work(bot, within):
        bot.close()
        logger.info("stopped")
        return
    logger.warning(
        "work still in hand after %g s (STOP_TIMEOUT): stopping without it; the next start settles it", within
    )
    logging.shutdown()
    os._exit(0)


def _health(bot: Bot) -> Callable[[], str | None]:
    def check() -> str | None:
        checker = getattr(bot.store, "check_health", None)
        if checker is None:
            return None
        try:
            checker()
        except Exception as error:
            return f"storage: {getattr(error, 'cause', type(error).__name__)}"
        return None

    return check


CONNECTION_LIMIT = 1000
"""Open connections waitress keeps (its default, 100, is below what one busy workspace holds open: with 200
keep-alive clients the rest waited outside, unaccepted, and their acks came after Slack's 3 s)."""
IDLE_SECONDS = 30
"""An idle keep-alive connection is closed after this (waitress: 120 s), so idle ones never crowd out live ones."""


def waitress_options(settings: Settings | None = None) -> dict[str, Any]:
    """How waitress serves /slack/events (also the benchmark's bare app, so both stand on the same server).

    poll(2) rather than select(2): select cannot watch more than 1,024 sockets, below CONNECTION_LIMIT plus
    the listeners. Bodies over the edge's limit are refused by waitress itself before they are buffered.
    """
    return {
        "threads": (settings or Settings()).server_threads,
        "connection_limit": CONNECTION_LIMIT,
        "channel_timeout": IDLE_SECONDS,
        "cleanup_interval": 10,
        "asyncore_use_poll": True,
        "max_request_body_size": MAX_BODY_BYTES,
        "ident": "clinic-bot",
    }


def _secret(settings: Settings) -> str | None:
    return settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None


def _http(bot: Bot, settings: Settings) -> int:
    server: Any = create_server(
        make_wsgi(bot.app, bot.gate, _health(bot), bot.metrics, signing_secret=_secret(settings)),
        host=settings.host,
        port=settings.port,
        **waitress_options(settings),
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        logger.info("signal %d: shutting down", signum)
        server.close()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("listening on http://%s:%s%s", settings.host, server.effective_port, EVENTS_PATH)
    try:
        server.run()
    except (OSError, ValueError):
        # waitress's loop ends with a closed-socket error after close(); that is our shutdown.
        pass
    finally:
        server.task_dispatcher.shutdown()
    return 0
