"""`clinic-bot serve`: the bot for a real workspace.

Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), else HTTP on
PORT at /slack/events, served by waitress (a production WSGI server; Bolt's
own `app.start()` is a development server). On start-up: settings are
validated, conversations a crash left in `applying` are reconciled, and a
sweeper expires idle conversations. SIGTERM shuts down cleanly.
"""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import threading
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

from bot.assistant import Turn
from bot.cli.ack_first import AckGate
from bot.cli.logging_setup import configure_logging
from bot.cli.services import Services
from bot.cli.wiring import build_app, build_services
from bot.config import ConfigError, Settings, load
from handlers.drawing import redraw

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
SWEEP_SECONDS = 30.0

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("serve", help="run the bot for a Slack workspace (Socket Mode or HTTP)")
    parser.set_defaults(handler=run_serve)


def make_wsgi(app: App, gate: AckGate | None = None) -> WsgiApp:
    """Bolt at /slack/events, a health check at /healthz, 404 elsewhere.

    Each Slack request is counted in flight on `gate` while it is acknowledged.
    """
    bolt = SlackRequestHandler(app, path=EVENTS_PATH)
    in_flight = gate or AckGate()

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return in_flight.around(lambda: bolt(environ, start_response))

    return wsgi


def redraw_turns(turns: list[Turn], services: Services, app: App) -> None:
    for turn in turns:
        if turn.conversation is None:
            continue
        try:
            redraw(turn, services, app.client, user_id=turn.conversation.user_id)
        except Exception as error:  # a card we cannot redraw must not stop the sweeper
            logger.warning("could not redraw conversation %s: %s", turn.conversation.id, type(error).__name__)


class Sweeper(threading.Thread):
    """Expires idle conversations (giving their holds back) and redraws their cards."""

    def __init__(self, services: Services, app: App, interval: float = SWEEP_SECONDS) -> None:
        super().__init__(name="conversation-sweeper", daemon=True)
        self.services, self.app, self.interval = services, app, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                redraw_turns(self.services.assistant.sweep(), self.services, self.app)
            except Exception:
                logger.exception("sweep failed")

    def stop(self) -> None:
        self.stopped.set()


def prepare(settings: Settings) -> tuple[Services, App]:
    settings.require_slack()
    settings.warn_if_open()
    services = build_services(settings)
    app = build_app(services)
    redraw_turns(services.assistant.reconcile(), services, app)
    return services, app


def run_serve(args: argparse.Namespace) -> int:
    settings = load(Settings)
    configure_logging(settings.log_level)
    try:
        services, app = prepare(settings)
    except ConfigError:
        raise
    except Exception as error:
        # Typically auth.test refusing the bot token: say so plainly, no stack trace.
        raise ConfigError(f"could not start: {error}") from error
    # Everything loaded so far (parser tables, Slack SDK, pydantic models) lives as long as the
    # process: keep it out of the garbage collector's full passes, which pause every thread.
    gc.freeze()
    sweeper = Sweeper(services, app)
    sweeper.start()
    try:
        if settings.slack_app_token is not None:
            from bot.cli.socket_mode import run_socket_mode  # only Socket Mode pays for its client

            return run_socket_mode(app, settings, services.ack_gate)
        return _http(app, settings, services.ack_gate)
    finally:
        sweeper.stop()
        services.backend.close()
        logger.info("stopped")


def _http(app: App, settings: Settings, gate: AckGate) -> int:
    server: Any = create_server(
        make_wsgi(app, gate),
        host=settings.host,
        port=settings.port,
        threads=settings.server_threads,
        ident="clinic-bot",
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
