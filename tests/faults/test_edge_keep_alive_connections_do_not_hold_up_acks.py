"""Connections held open (HTTP keep-alive) never keep a new Slack request waiting past Slack's 3 seconds.

Slack and the proxies in front of the bot keep connections open between
deliveries. Waitress accepts only `connection_limit` of them (100 by default)
and leaves the next one unaccepted until one closes, so with a busy workspace's
connections open a new request's ack came late or never. Figures for 200
busy clients: `benchmarks/ack_latency.py --keep-alive`.
"""

from __future__ import annotations

import socket
import time
from contextlib import ExitStack

import httpx
import pytest

from bot.local.slack import sign, slash_command_body
from tests.e2e import conftest as e2e
from tests.e2e.harness import CHANNEL, FRONT_DESK, ServedBot

pytestmark = pytest.mark.e2e

slack, clinic, bot_settings, bot = e2e.slack, e2e.clinic, e2e.bot_settings, e2e.bot

HELD_OPEN = 150
SLACK_GIVES_UP = 3.0


def answered_and_kept(stack: ExitStack, bot: ServedBot) -> bool:
    """Open a connection, get one answer on it and leave it open, as a keep-alive client does."""
    held = stack.enter_context(socket.create_connection(("127.0.0.1", bot.port), timeout=SLACK_GIVES_UP))
    held.sendall(b"GET /healthz HTTP/1.1\r\nHost: bot\r\nConnection: keep-alive\r\n\r\n")
    try:
        return held.recv(4096).startswith(b"HTTP/1.1 200")
    except TimeoutError:
        return False


def test_a_command_is_acknowledged_within_3_s_while_150_connections_are_held_open(bot: ServedBot) -> None:
    with ExitStack() as stack:
        for number in range(1, HELD_OPEN + 1):
            assert answered_and_kept(stack, bot), f"connection {number} got no answer in {SLACK_GIVES_UP:g} s"

        response_url = bot.slack.new_response_url(user_id=FRONT_DESK, channel_id=CHANNEL)
        body = slash_command_body(
            "/reschedule", "help", user_id=FRONT_DESK, channel_id=CHANNEL, response_url=response_url
        )
        started = time.monotonic()
        try:
            answered = httpx.post(
                bot.events_url,
                content=body,
                headers={**sign(body, bot.secret), "Content-Type": "application/x-www-form-urlencoded"},
                timeout=SLACK_GIVES_UP,
            )
        except httpx.TimeoutException:
            pytest.fail(f"no acknowledgement within {SLACK_GIVES_UP:g} s with {HELD_OPEN} connections held open")
        assert answered.status_code == 200
        assert time.monotonic() - started < SLACK_GIVES_UP
