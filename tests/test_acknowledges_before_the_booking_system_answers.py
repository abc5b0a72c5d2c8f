"""Slack drops a request not acknowledged within 3 s: the ack must never wait for the booking system.

The booking system here is blocked until the test lets it go; the acknowledgement
must come back while it is still blocked, and the card must follow once it answers.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

import bot.cli.wiring
from bot.config import Settings, load
from bot.domain import Appointment, PatientQuery, Window
from bot.local.loopback import StubResponse, StubServer
from bot.views.cards import SOMETHING_WENT_WRONG
from tests.scripted_backend import ScriptedBackend
from tests.views.factories import appointment

SECRET = "test-signing-secret"
AUTH_TEST = {"ok": True, "user_id": "UBOT", "team_id": "T1"}
USERS_INFO = {"ok": True, "user": {"tz": "America/Chicago"}}


class BlockedBackend(ScriptedBackend):
    """Answers lookups only once `released` is set."""

    def __init__(self, stored: Appointment) -> None:
        super().__init__(stored)
        self.released = threading.Event()
        self.asked = threading.Event()

    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        self.asked.set()
        self.released.wait(10)
        return super().find_appointments(query, around=around, now=now)


@pytest.fixture
def slack() -> Iterator[StubServer]:
    server = StubServer()
    server.add_route(
        "POST",
        "/api/auth.test",
        "auth.test",
        lambda r: StubResponse(body=AUTH_TEST),
    )
    server.add_route(
        "POST",
        "/api/users.info",
        "users.info",
        lambda r: StubResponse(body=USERS_INFO),
    )
    server.add_route(
        "POST",
        "/api/conversations.open",
        "conversations.open",
        lambda r: StubResponse(body={"ok": True, "channel": {"id": "DU1"}}),
    )
    server.add_route(
        "POST",
        "/api/chat.postMessage",
        "chat.postMessage",
        lambda r: StubResponse(body={"ok": True, "channel": "DU1", "ts": "1.000100"}),
    )
    server.add_route("POST", "/respond", "respond", lambda r: StubResponse(body="ok"))
    with server:
        yield server


def signed_command(text: str, response_url: str) -> BoltRequest:
    body = urllib.parse.urlencode(
        {
            "command": "/cancel",
            "text": text,
            "user_id": "U1",
            "channel_id": "C1",
            "team_id": "T1",
            "response_url": response_url,
            "trigger_id": f"13345224609.738474920.{time.monotonic_ns()}",
        }
    )
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body)
    headers: dict[str, Any] = {
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signature,
        "content-type": "application/x-www-form-urlencoded",
    }
    return BoltRequest(body=body, headers=headers)


def app_with(backend: ScriptedBackend, slack: StubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    """The bot's real Bolt app, wired as `serve` wires it, on `backend` and the Slack stub."""
    monkeypatch.setattr(bot.cli.wiring, "build_backend", lambda settings: backend)
    settings = load(
        Settings,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=slack.url + "/api/",
        clinic_bot_db=tmp_path / "bot.sqlite3",
    )
    return bot.cli.wiring.build_bot(settings, token_verification=False).app


def test_a_command_is_acknowledged_while_the_booking_system_is_still_thinking(
    slack: StubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = BlockedBackend(appointment())
    app = app_with(backend, slack, tmp_path, monkeypatch)

    response = app.dispatch(signed_command("maria lopez tue", slack.url + "/respond"))

    assert response.status == 200
    assert not backend.released.is_set()
    assert backend.asked.wait(5), "the work starts after the ack"
    assert slack.calls_to("chat.postMessage") == [], "no card before the booking system answers"
    backend.released.set()
    deadline = time.monotonic() + 5
    while not slack.calls_to("respond") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(slack.calls_to("chat.postMessage")) == 1, "the card, in the person's DM"
    posts = slack.calls_to("respond")
    assert len(posts) == 1
    assert posts[0].json()["response_type"] == "ephemeral"


class BrokenBackend(ScriptedBackend):
    """A bug in an adapter: something other than our BookingError escapes."""

    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        raise RuntimeError("adapter bug")


def test_a_bug_in_the_work_after_the_ack_is_told_to_the_person_not_left_silent(
    slack: StubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_with(BrokenBackend(appointment()), slack, tmp_path, monkeypatch)

    assert app.dispatch(signed_command("maria lopez tue", slack.url + "/respond")).status == 200

    deadline = time.monotonic() + 5
    while not slack.calls_to("respond") and time.monotonic() < deadline:
        time.sleep(0.02)
    [told] = slack.calls_to("respond")
    assert told.json()["text"] == SOMETHING_WENT_WRONG
    assert told.json()["response_type"] == "ephemeral"
