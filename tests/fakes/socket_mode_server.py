"""Slack's Socket Mode played on loopback with the `websockets` library.

The stand-in's `apps.connections.open` hands out this server's `ws://` URLs
(one fresh ticket each, as Slack's WSS URLs are single-use). On each connection
the server says `hello`, then sends envelopes the way Slack does — frames as
recorded in python-slack-sdk's own Socket Mode tests:

    {"envelope_id", "type": "slash_commands", "payload": {...form fields...}, "accepts_response_payload": true}
    {"envelope_id", "type": "interactive", "payload": {...block_actions...}, "accepts_response_payload": false}
    {"envelope_id", "type": "events_api", "payload": {...event_callback...}, "accepts_response_payload": false,
     "retry_attempt": 0, "retry_reason": ""}

and waits for each ack (`{"envelope_id": ...}`): one later than 3 seconds is
recorded on the stand-in as a broken rule (`ack_too_late`). `disconnect()`
sends Slack's `{"type": "disconnect", "reason": "refresh_requested"}`; the client
is expected to ask for a new URL and connect again.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from bot.local.slack import SlackStandIn

ACK_SECONDS = 3.0
APP_ID = "A0CLINIC"


@dataclass
class Ack:
    envelope_id: str
    payload: dict[str, Any] | None
    seconds: float
    """From the envelope being sent to its ack arriving."""


@dataclass
class Link:
    """One WebSocket connection from the bot."""

    ticket: str
    connection: ServerConnection
    opened_at: float = field(default_factory=time.monotonic)
    closed: bool = False


class SocketModeServer:
    def __init__(self, slack: SlackStandIn) -> None:
        self.slack = slack
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Condition()
        self.tickets: dict[str, bool] = {}
        """Every ticket handed out -> whether a connection has used it."""
        self.links: list[Link] = []
        self.refused: list[str] = []
        """Why connections were refused (an unknown or reused ticket)."""
        self.sent: dict[str, float] = {}
        self.acks: dict[str, list[Ack]] = {}
        self.payloads: dict[str, dict[str, Any]] = {}
        """envelope_id -> the payload it was first sent with."""

    # -- lifecycle -----------------------------------------------------------------------------------------
    def start(self) -> SocketModeServer:
        self._server = serve(self._serve, "127.0.0.1", 0, ping_interval=None)
        self._thread = threading.Thread(target=self._server.serve_forever, name="socket-mode-server", daemon=True)
        self._thread.start()
        self.slack.socket_mode_url = self.issue_url
        return self

    def stop(self) -> None:
        self.slack.socket_mode_url = None
        if self._server is not None:
            self._server.shutdown()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> SocketModeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        port: int = self._server.socket.getsockname()[1]
        return port

    def issue_url(self) -> str:
        """What apps.connections.open answers: a URL with a fresh, single-use ticket."""
        ticket = uuid.uuid4().hex
        with self._lock:
            self.tickets[ticket] = False
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={APP_ID}"

    # -- the connection ------------------------------------------------------------------------------------
    def _serve(self, connection: ServerConnection) -> None:
        path = connection.request.path if connection.request else ""
        ticket = (parse_qs(urlsplit(path).query).get("ticket") or [""])[0]
        with self._lock:
            known, used = ticket in self.tickets, self.tickets.get(ticket, False)
            if not known or used:
                self.refused.append("reused ticket" if known else "unknown ticket")
                self._lock.notify_all()
                connection.close(code=4001, reason="invalid ticket")
                return
            self.tickets[ticket] = True
            link = Link(ticket, connection)
            self.links.append(link)
            self._lock.notify_all()
        connection.send(json.dumps(_hello(len(self.open_links()))))
        try:
            for raw in connection:
                self._received(raw)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                link.closed = True
                self._lock.notify_all()

    def _received(self, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            return
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        if not envelope_id:
            return
        with self._lock:
            sent = self.sent.get(envelope_id)
            seconds = time.monotonic() - sent if sent is not None else 0.0
            self.acks.setdefault(envelope_id, []).append(Ack(envelope_id, message.get("payload"), seconds))
            self._lock.notify_all()
        if seconds > ACK_SECONDS:
            self.slack.refuse("ack_too_late", "socket_mode", "", f"envelope acknowledged after {seconds:.1f} s")

    def open_links(self) -> list[Link]:
        with self._lock:
            return [link for link in self.links if not link.closed]

    def wait_connected(self, count: int = 1, timeout: float = 30.0) -> bool:
        """Until `count` connections have been made in all (and one is open)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not (len(self.links) >= count and any(not link.closed for link in self.links)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(min(remaining, 0.1))
        return True

    # -- what Slack sends ----------------------------------------------------------------------------------
    def send(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        envelope_id: str | None = None,
        retry_attempt: int | None = None,
        retry_reason: str = "",
    ) -> str:
        """Send one envelope on the newest open connection; its envelope_id."""
        envelope_id = envelope_id or str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": kind == "slash_commands",
        }
        if kind == "events_api":
            envelope.update({"retry_attempt": retry_attempt or 0, "retry_reason": retry_reason})
        links = self.open_links()
        assert links, "the bot is not connected"
        with self._lock:
            self.sent[envelope_id] = time.monotonic()
            self.payloads.setdefault(envelope_id, payload)
        links[-1].connection.send(json.dumps(envelope))
        return envelope_id

    def command(self, payload: dict[str, Any]) -> str:
        return self.send("slash_commands", payload)

    def interactive(self, payload: dict[str, Any]) -> str:
        return self.send("interactive", payload)

    def event(self, payload: dict[str, Any], **retry: Any) -> str:
        return self.send("events_api", payload, **retry)

    def wait_ack(self, envelope_id: str, timeout: float = ACK_SECONDS, count: int = 1) -> Ack | None:
        """The envelope's ack (the `count`-th, for a retried one), or None if none came within `timeout`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.acks.get(envelope_id, [])) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._lock.wait(min(remaining, 0.05))
            return self.acks[envelope_id][count - 1]

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Slack's warning that this connection is going away; the client must reconnect on a new URL."""
        links = self.open_links()
        assert links, "the bot is not connected"
        frame = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-local"}}
        links[-1].connection.send(json.dumps(frame))


def _hello(connections: int) -> dict[str, Any]:
    return {
        "type": "hello",
        "num_connections": connections,
        "debug_info": {"host": "applink-local", "build_number": 1, "approximate_connection_time": 18060},
        "connection_info": {"app_id": APP_ID},
    }
