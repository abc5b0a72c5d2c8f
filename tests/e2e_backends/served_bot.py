"""The real bot process (`clinic-bot serve`, HTTP mode) talking to local stand-ins, driven like Slack drives it.

A `ServedBot` starts the installed `clinic-bot serve` with the environment a
test gives (the booking system's settings pointing at its stand-in), the Web
API pointed at a `SlackStandIn`, a free loopback port and a fresh signing
secret; requests are signed the way Slack signs them. Cards are read back from
what the bot posted to each request's response_url.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bot.slack_local import SlackStandIn, block_actions_body, buttons_in, sign, slash_command_body

USER = "U0FRONTDESK"
CHANNEL = "C0FRONTDESK"
CARD_WAIT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def clinic_bot_command() -> list[str]:
    """`clinic-bot` as installed beside this interpreter (the venv's console script)."""
    script = Path(sys.executable).with_name("clinic-bot")
    if script.exists():
        return [str(script)]
    found = shutil.which("clinic-bot")
    return [found] if found else [sys.executable, "-m", "bot.cli"]


def card_text(card: dict[str, Any]) -> str:
    """Every piece of text a person sees on a card, joined."""
    parts = [card.get("text") or ""]
    for block in card.get("blocks") or []:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(text.get("text", ""))
        for element in block.get("elements") or []:
            if isinstance(element, dict) and isinstance(element.get("text"), (dict, str)):
                inner = element["text"]
                parts.append(inner.get("text", "") if isinstance(inner, dict) else inner)
    return "\n".join(parts)


def button_labels(card: dict[str, Any]) -> list[str]:
    return [button["text"]["text"] for button in buttons_in(card.get("blocks") or [])]


@dataclass
class ServedBot:
    slack: SlackStandIn
    env: dict[str, str]
    workdir: Path
    secret: str = field(default_factory=lambda: secrets.token_hex(16))
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    @property
    def log_path(self) -> Path:
        return self.workdir / "bot.log"

    def full_env(self) -> dict[str, str]:
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CLINIKO_", "QMATIC_", "SOLV_"))},
            "CLINIC_BOT_DB": str(self.workdir / "bot.sqlite3"),
            "CLINIC_TZ": "America/Chicago",
            "SLACK_BOT_TOKEN": "xoxb-e2e-test",
            "SLACK_SIGNING_SECRET": self.secret,
            "SLACK_API_URL": self.slack.api_url,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "ALLOWED_USER_IDS": USER,
            **self.env,
        }

    def start(self) -> ServedBot:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [*clinic_bot_command(), "serve"],
            env=self.full_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.workdir,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"clinic-bot serve exited at start-up:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=0.5).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError(f"clinic-bot serve did not come up:\n{self.log_path.read_text()}")

    def stop(self) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    # -- what Slack sends -------------------------------------------------------------
    def post(self, body: bytes, content_type: str = "application/x-www-form-urlencoded") -> httpx.Response:
        headers = {**sign(body, self.secret), "Content-Type": content_type}
        return httpx.post(self.events_url, content=body, headers=headers, timeout=5)

    def command(self, command: str, text: str) -> dict[str, Any]:
        """Type a slash command; return the card the bot answers with."""
        response_url = self.slack.new_response_url()
        body = slash_command_body(command, text, user_id=USER, channel_id=CHANNEL, response_url=response_url)
        assert self.post(body).status_code == 200
        return self.card_at(response_url)

    def click(self, card: dict[str, Any], label: str) -> dict[str, Any]:
        """Press the button labelled `label` (or starting with it); return the card that replaces this one."""
        buttons = buttons_in(card.get("blocks") or [])
        matching = [b for b in buttons if b["text"]["text"] == label] or [
            b for b in buttons if b["text"]["text"].startswith(label)
        ]
        assert matching, f"no button {label!r} on the card; buttons: {button_labels(card)}"
        response_url = self.slack.new_response_url()
        body = block_actions_body(
            matching[0]["action_id"], matching[0]["value"], user_id=USER, response_url=response_url, channel_id=CHANNEL
        )
        assert self.post(body).status_code == 200
        return self.card_at(response_url)

    def card_at(self, response_url: str) -> dict[str, Any]:
        arrived = self.slack.wait_for(lambda: bool(self.slack.posts_to(response_url)), timeout=CARD_WAIT)
        assert arrived, f"no card arrived; bot log:\n{self.log_path.read_text()[-3000:]}"
        return self.slack.posts_to(response_url)[-1]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Another `clinic-bot` command with the same settings (check-backend, audit)."""
        return subprocess.run(
            [*clinic_bot_command(), *args], env=self.full_env(), capture_output=True, text=True, timeout=60
        )
