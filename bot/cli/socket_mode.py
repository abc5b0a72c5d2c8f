"""`clinic-bot serve` in Socket Mode: the bot dials out to Slack, so no public URL is needed.

Bolt's SocketModeHandler (slack_sdk's built-in client) asks `apps.connections.open`
for a WebSocket URL with the app-level token, through the same Web API base URL
as every other call (SLACK_API_URL, so a local stand-in can hand out a local
URL), acknowledges each envelope as the HTTP path acknowledges a request (the
listener acks in the envelope's own thread, the work goes to the pool), and
reconnects by itself when Slack sends `disconnect` (refresh_requested,
link_disabled) or the socket drops. Requests need no signing secret here: the
socket itself is authenticated by the app-level token.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.cli.ack_first import AckGate
from bot.config import ConfigError, Settings

logger = logging.getLogger(__name__)

REFUSED_TOKEN = (
    "Slack refused SLACK_APP_TOKEN ({error}): set it to the app's app-level token (xapp-..., Basic Information > "
    "App-Level Tokens) with the connections:write scope, and turn Socket Mode on for the app."
)
UNREACHABLE = "could not reach Slack to open a Socket Mode connection with SLACK_APP_TOKEN ({error})."


class AckFirstSocketModeHandler(SocketModeHandler):
    """Counts each envelope as in flight on the gate while it is acknowledged, as the HTTP path does."""

    def __init__(self, app: App, app_token: str, gate: AckGate) -> None:
        super().__init__(app, app_token)
        self.gate = gate

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        handle = super().handle
        self.gate.around(lambda: handle(client, req))


def first_url(app: App, app_token: str) -> str:
    """The first WebSocket URL, asked for here so a refused token is one sentence, not a client's stack trace."""
    try:
        url: str = app.client.apps_connections_open(app_token=app_token)["url"]
    except SlackApiError as error:
        raise ConfigError(REFUSED_TOKEN.format(error=error.response.get("error") or "refused")) from None
    except OSError as error:
        raise ConfigError(UNREACHABLE.format(error=type(error).__name__)) from None
    return url


def run_socket_mode(app: App, settings: Settings, gate: AckGate) -> int:
    """Connect and serve until SIGTERM/SIGINT; 0 on a clean stop. A refused app token raises ConfigError."""
    assert settings.slack_app_token is not None
    app_token = settings.slack_app_token.get_secret_value()
    handler = AckFirstSocketModeHandler(app, app_token, gate)
    handler.client.wss_uri = first_url(app, app_token)
    stopped = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        logger.info("signal %d: shutting down", signum)
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        handler.connect()
    except OSError as error:
        raise ConfigError(UNREACHABLE.format(error=type(error).__name__)) from None
    logger.info("connected to Slack in Socket Mode")
    stopped.wait()
    handler.close()
    return 0
