"""`clinic-bot serve`: the bot for a real workspace.

Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), else HTTP on
PORT at /slack/events, served by waitress (a production WSGI server; Bolt's
own `app.start()` is a development server). On start-up: settings are
validated, conversations a crash left in `applying` are reconciled, requests
acknowledged but never finished are replayed, and a sweeper expires idle
conversations. SIGTERM stops taking requests, lets the work in hand finish
(bounded), then closes the booking system's connections. By default
(WORK_PROCESS) this process only acknowledges, and the rest runs in its work process
(bot/cli/work_process.py, bot/cli/worker.py); the bot's life there is the same
(bot/cli/lifecycle.py).
"""

from __future__ import annotations

import argparse
import gc
import logging
import signal
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any

from slack_bolt import App
from waitress.server import create_server

from bot.cli.ack_first import AckGate
from bot.cli.http_edge import MAX_BODY_BYTES, SlackEdge
from bot.cli.lifecycle import Sweeper, prepare, stop
from bot.cli.logging_setup import configure_logging
from bot.cli.metrics import Metrics
from bot.cli.wiring import build_front
from bot.cli.work_process import WorkProcess
from bot.cli.worker import could_not_start
from bot.config import ConfigError, Settings, load
from bot.store import Store

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


SUMMARY = "run the bot for a Slack workspace (Socket Mode or HTTP)"
DESCRIPTION = """Runs the bot for a Slack workspace: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on HOST:PORT
at /slack/events (and GET /healthz). Settings: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET (HTTP mode), SLACK_APP_TOKEN,
BOOKING_BACKEND and its vendor settings, CLINIC_BOT_DB, CLINIC_TZ, ALLOWED_USER_IDS, ALLOWED_CHANNEL_IDS,
SERVER_THREADS, WORK_THREADS, WORK_PROCESS, LOG_LEVEL (see README)."""
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


def run_serve(args: argparse.Namespace) -> int:
    settings = load(Settings)
    configure_logging(settings.log_level)
    settings.require_slack()  # before any process starts: a missing token is one sentence
    if not settings.work_process:
        return _in_one_process(settings)
    metrics = Metrics()
    work = WorkProcess(settings, metrics)
    work.start()  # the work process settles its predecessor's work before the first request is taken
    try:
        front = build_front(settings, metrics, work.hand_over)
    except Exception as error:
        work.stop(0)
        raise ConfigError(could_not_start(error)) from error
    gc.freeze()  # see _in_one_process
    try:
        return _serve(front.app, front.gate, _health(front.store, lambda: work.alive), metrics, settings)
    finally:
        work.stop(settings.stop_timeout)
        front.close()


def _in_one_process(settings: Settings) -> int:
    """WORK_PROCESS=false: acks and work in this one process (the work yields to the acks: bot/cli/ack_first.py)."""
    try:
        bot, started = prepare(settings)
    except Exception as error:
        raise ConfigError(could_not_start(error)) from error
    # Everything loaded so far (parser tables, Slack SDK, pydantic models) lives as long as the
    # process: keep it out of the garbage collector's full passes, which pause every thread.
    gc.freeze()
    sweeper = Sweeper(bot, settings.sweep_seconds, predecessor_died_before=started)
    sweeper.start()
    try:
        return _serve(bot.app, bot.gate, _health(bot.store), bot.metrics, settings)
    finally:
        sweeper.stop()
        stop(bot, settings.stop_timeout)


def _serve(app: App, gate: AckGate, health: Callable[[], str | None], metrics: Metrics, settings: Settings) -> int:
    """Take Slack's requests until SIGTERM/SIGINT: Socket Mode when SLACK_APP_TOKEN is set, else HTTP."""
    if settings.slack_app_token is not None:
        from bot.cli.socket_mode import run_socket_mode  # only Socket Mode pays for its client

        return run_socket_mode(app, settings, gate)
    return _http(make_wsgi(app, gate, health, metrics, signing_secret=_secret(settings)), settings)


def _health(store: Store, work_alive: Callable[[], bool] = lambda: True) -> Callable[[], str | None]:
    def check() -> str | None:
        if not work_alive():
            return "the work process is not running (it is being started again)"
        checker = getattr(store, "check_health", None)
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


def _http(wsgi: WsgiApp, settings: Settings) -> int:
    server: Any = create_server(
        wsgi,
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
