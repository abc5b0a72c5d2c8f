"""What the stand-in's builders send is what Slack sends: signed so Bolt accepts it, parsed as Slack's shapes."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

import pytest
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.local.slack import (
    SlackStandIn,
    block_actions_body,
    dm_event,
    event_body,
    mention_event,
    sign,
    slash_command_body,
)
from tests.slack_local.bolt import bare_app

SECRET = "console-secret"


def test_slacks_own_verifier_accepts_the_signature():
    body = slash_command_body("/cancel", "john smith", user_id="U1", channel_id="C1", response_url="http://x/r")
    headers = sign(body, SECRET)
    assert SignatureVerifier(SECRET).is_valid_request(body, headers)


def test_a_tampered_body_or_another_secret_fails_verification():
    body = slash_command_body("/cancel", "john smith", user_id="U1", channel_id="C1", response_url="http://x/r")
    headers = sign(body, SECRET)
    assert not SignatureVerifier(SECRET).is_valid_request(body.replace(b"john", b"jane"), headers)
    assert not SignatureVerifier("other").is_valid_request(body, headers)


def test_an_old_timestamp_is_refused_as_a_replay():
    body = b"x=1"
    headers = sign(body, SECRET, timestamp=int(time.time()) - 3600)
    assert headers["X-Slack-Request-Timestamp"] == str(int(time.time()) - 3600)
    assert not SignatureVerifier(SECRET).is_valid_request(body, headers)


@pytest.fixture
def slack():
    with SlackStandIn() as standin:
        yield standin


@pytest.fixture
def app(slack):
    app = bare_app(slack, SECRET)
    seen: dict[str, object] = {}

    @app.command("/reschedule")
    def command(ack, command, respond):
        ack()
        seen["command"] = command
        respond(text="card", response_type="ephemeral")

    @app.action("pick")
    def action(ack, body, action, respond):
        ack()
        seen["action"], seen["body"] = action, body
        respond(text="picked", replace_original=True)

    @app.event("message")
    def message(ack, event, client):
        ack()
        seen["event"] = event
        client.chat_postMessage(channel=event["channel"], text="got it")

    @app.event("app_mention")
    def mention(ack, event):
        ack()
        seen["mention"] = event

    app.seen = seen
    return app


def dispatch(app, body: bytes, secret: str = SECRET):
    return app.dispatch(BoltRequest(body=body.decode(), headers=sign(body, secret)))


def test_bolt_routes_a_signed_slash_command_and_its_reply_reaches_the_response_url(app, slack):
    url = slack.new_response_url()
    body = slash_command_body("/reschedule", "maria lopez to fri", user_id="U1", channel_id="C1", response_url=url)
    assert dispatch(app, body).status == 200
    assert app.seen["command"]["text"] == "maria lopez to fri"
    assert app.seen["command"]["user_id"] == "U1"
    assert slack.posts_to(url)[0]["text"] == "card"


def test_bolt_refuses_a_request_signed_with_the_wrong_secret(app, slack):
    body = slash_command_body("/reschedule", "x", user_id="U1", channel_id="C1", response_url=slack.new_response_url())
    assert dispatch(app, body, secret="wrong").status == 401
    assert "command" not in app.seen


def test_bolt_routes_a_button_click_with_its_value_and_container(app, slack):
    url = slack.new_response_url()
    body = block_actions_body("pick", "slot-3", user_id="U1", response_url=url, channel_id="DU1", message_ts="5.000001")
    assert dispatch(app, body).status == 200
    assert app.seen["action"]["value"] == "slot-3"
    assert app.seen["body"]["container"] == {
        "type": "message",
        "message_ts": "5.000001",
        "channel_id": "DU1",
        "is_ephemeral": False,
    }
    assert slack.posts_to(url) == [{"text": "picked", "replace_original": True}]


def test_a_click_without_a_response_url_carries_none(slack):
    payload = json.loads(
        parse_qs(block_actions_body("pick", "v", user_id="U1", response_url=None).decode())["payload"][0]
    )
    assert "response_url" not in payload
    assert payload["container"]["is_ephemeral"] is True


def test_bolt_routes_a_dm_event_and_a_mention(app, slack):
    slack.join("DU1", "U1", "UBOT")
    event = dm_event("cancel john smith", user_id="U1")
    assert event["channel"] == "DU1" and event["channel_type"] == "im"
    assert dispatch(app, event_body(event, event_id="Ev1")).status == 200
    assert app.seen["event"]["text"] == "cancel john smith"
    assert slack.dm_messages("DU1")[0]["text"] == "got it"
    assert dispatch(app, event_body(mention_event("help", user_id="U1", channel_id="C1"), event_id="Ev2")).status == 200
    assert app.seen["mention"]["text"] == "<@UBOT> help"
