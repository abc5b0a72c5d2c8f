"""`clinic-bot serve` in Socket Mode, driven through a local Socket Mode server instead of HTTP.

`SocketModeBot` is `ServedBot` with SLACK_APP_TOKEN set and no signing secret
or port: the bot asks the stand-in's apps.connections.open for a URL and dials
our `SocketModeServer`. Its `post()` takes the very request body the HTTP
harness would POST and sends it as the envelope Slack would (a slash command's
form fields, a click's payload, an event callback; X-Slack-Retry-Num becomes
`retry_attempt`), answering 200 once the bot acknowledged it within 3 seconds.
So every `Staff` helper (commands, clicks, DMs, mentions) works unchanged.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx

from tests.e2e.harness import START_TIMEOUT, ServedBot, clinic_bot
from tests.fakes.socket_mode_server import ACK_SECONDS, SocketModeServer


def envelope_of(body: bytes, content_type: str) -> tuple[str, dict[str, Any]]:
    """(envelope type, payload) Slack sends over the socket for what it would POST as `body`."""
    if content_type.startswith("application/json"):
        return "events_api", json.loads(body)
    form = {key: values[-1] for key, values in parse_qs(body.decode(), keep_blank_values=True).items()}
    if "payload" in form:
        return "interactive", json.loads(form["payload"])
    return "slash_commands", form


@dataclass
class SocketModeBot(ServedBot):
    socket: SocketModeServer | None = None
    app_token: str = field(default_factory=lambda: "xapp-1-A0CLINIC-1-" + secrets.token_hex(16))

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env.pop("SLACK_SIGNING_SECRET", None)
        env.pop("PORT", None)
        env["SLACK_APP_TOKEN"] = self.app_token
        return env

    def start(self) -> SocketModeBot:
        assert self.socket is not None, "a SocketModeBot needs its SocketModeServer"
        made = len(self.socket.links)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*clinic_bot(), "serve"], env=self.environment(), cwd=self.clinic.workdir, stdout=log, stderr=log
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"clinic-bot serve exited at start-up:\n{self.log()}")
            if self.socket.wait_connected(made + 1, timeout=0.2):
                return self
        raise RuntimeError(f"clinic-bot serve did not connect in {START_TIMEOUT:.0f} s:\n{self.log()}")

    def restart(self) -> SocketModeBot:
        return self.start()

    def post(self, body: bytes, *, headers: dict[str, str] | None = None, **sent_as: Any) -> httpx.Response:
        """Send `body` as Slack's envelope; 200 once acknowledged within 3 s, else 504 (Slack would retry).

        Takes ServedBot.post's arguments; of `sent_as` only content_type matters (envelopes are not signed).
        """
        content_type = sent_as.get("content_type", "application/x-www-form-urlencoded")
        assert self.socket is not None
        kind, payload = envelope_of(body, content_type)
        retry = int((headers or {}).get("X-Slack-Retry-Num") or 0)
        if kind == "events_api" and retry:
            envelope_id = self.first_envelope_of(payload)
            acked_before = len(self.socket.acks.get(envelope_id or "", []))
            sent = self.socket.send(kind, payload, envelope_id=envelope_id, retry_attempt=retry, retry_reason="timeout")
            ack = self.socket.wait_ack(sent, count=acked_before + 1)
        else:
            sent = self.socket.send(kind, payload)
            ack = self.socket.wait_ack(sent, timeout=ACK_SECONDS)
        return httpx.Response(200 if ack is not None else 504, text="" if ack is not None else "no ack")

    def first_envelope_of(self, payload: dict[str, Any]) -> str | None:
        """The envelope_id an event was first sent with (a redelivery reuses it)."""
        assert self.socket is not None
        for envelope_id, sent in self.socket.payloads.items():
            if sent.get("event_id") == payload.get("event_id"):
                return envelope_id
        return None
