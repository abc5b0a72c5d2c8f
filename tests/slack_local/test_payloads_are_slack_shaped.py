"""The payload builders send what Slack sends (its documented shapes), and Bolt routes each as it would Slack's."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
from slack_bolt import BoltContext
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from bot.local.slack import (
    SlackStandIn,
    block_actions_body,
    bot_mention_event,
    bot_message_event,
    dm_event,
    event_body,
    file_share_event,
    message_changed_event,
    message_deleted_event,
    sign,
    slash_command_body,
    ssl_check_body,
    url_verification_body,
)
from tests.slack_local.bolt import bare_app

SECRET = "payload-secret"


@pytest.fixture
def slack():
    with SlackStandIn(channels={"C1": {"U1", "UBOT"}}) as standin:
        standin.join("DU1", "U1", "UBOT")
        yield standin


@pytest.fixture
def app(slack):
    app = bare_app(slack, SECRET)
    seen: list[tuple[str, dict, BoltContext]] = []

    def recorder(kind: str):
        def listener(ack, body, payload, context):
            ack()
            seen.append((kind, body if kind == "action" else payload, context))

        return listener

    app.command("/reschedule")(recorder("command"))
    app.action("pick")(recorder("action"))
    app.event("message")(recorder("message"))
    app.event("app_mention")(recorder("app_mention"))
    app.seen = seen
    return app


def dispatch(app, body: bytes, content_type: str = "application/x-www-form-urlencoded"):
    headers = {**sign(body, SECRET), "Content-Type": content_type}
    return app.dispatch(BoltRequest(body=body.decode(), headers=headers))


def event(app, payload: dict, event_id: str = "Ev1", **options):
    return dispatch(app, event_body(payload, event_id=event_id, **options), "application/json")


def test_url_verification_is_answered_with_its_challenge(app):
    answered = dispatch(
        app, url_verification_body("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"), "application/json"
    )
    assert answered.status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in answered.body


def test_ssl_check_is_answered_200_and_reaches_no_listener(app):
    assert dispatch(app, ssl_check_body()).status == 200
    assert app.seen == []


def test_a_click_on_an_ephemeral_card_carries_its_container_and_no_message(app, slack):
    press_url = slack.new_response_url()
    container = {"type": "message", "message_ts": "5.000001", "channel_id": "C1", "is_ephemeral": True}
    body = block_actions_body("pick", "v", user_id="U1", response_url=press_url, channel_id="C1", container=container)
    assert dispatch(app, body).status == 200
    [(kind, payload, _)] = app.seen
    assert kind == "action" and payload["container"] == container
    assert "message" not in payload and payload["response_url"] == press_url


def test_a_click_on_a_dm_message_carries_the_whole_message_as_slack_shows_it(app, slack):
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    button = {"type": "button", "action_id": "pick", "value": "v", "text": {"type": "plain_text", "text": "Go"}}
    client.chat_postMessage(channel="DU1", text="card", blocks=[{"type": "actions", "elements": [button]}])
    press = slack.press("U1", "pick", "v")
    body = block_actions_body(
        "pick",
        "v",
        user_id="U1",
        response_url=press.response_url,
        channel_id=press.channel_id,
        container=press.container,
        message=press.message,
    )
    assert dispatch(app, body).status == 200
    [(_, payload, _)] = app.seen
    assert payload["container"]["is_ephemeral"] is False
    assert payload["message"]["bot_id"] == "BUBOT" and payload["message"]["blocks"][0]["elements"] == [button]
    assert payload["channel"]["id"] == "DU1"


@pytest.mark.parametrize(
    ("built", "subtype", "has_user"),
    [
        (dm_event("move maria", user_id="U1"), None, True),
        (dm_event("thursday", user_id="U1", thread_ts="1.000100"), None, True),
        (file_share_event("cancel john smith", user_id="U1"), "file_share", True),
        (bot_message_event("reminder", bot_id="B0OTHER", channel_id="DU1"), "bot_message", False),
        (
            message_changed_event(user_id="U1", channel_id="DU1", ts="1.1", old_text="a", new_text="b"),
            "message_changed",
            False,
        ),
        (message_deleted_event(user_id="U1", channel_id="DU1", ts="1.1", old_text="a"), "message_deleted", False),
    ],
)
def test_each_message_event_reaches_the_message_listener_in_slacks_shape(app, built, subtype, has_user):
    assert event(app, built).status == 200
    [(kind, received, _)] = app.seen
    assert kind == "message" and received.get("subtype") == subtype
    assert ("user" in received) is has_user
    assert received["channel_type"] == "im"


def test_a_mention_by_a_workflow_has_a_bot_id_and_no_user(app):
    assert event(app, bot_mention_event("cancel john", bot_id="B0WORKFLOW", channel_id="C1")).status == 200
    [(kind, received, _)] = app.seen
    assert kind == "app_mention" and received["bot_id"] == "B0WORKFLOW" and "user" not in received


def test_an_org_wide_install_arrives_with_its_enterprise_and_no_team_in_the_authorization(app):
    assert event(app, dm_event("hi", user_id="U1"), enterprise_id="E0CLINICS").status == 200
    [(_, _, context)] = app.seen
    assert context.enterprise_id == "E0CLINICS" and context.is_enterprise_install is True
    body = slash_command_body(
        "/reschedule", "maria", user_id="U1", channel_id="C1", response_url="http://x/r", enterprise_id="E0CLINICS"
    )
    assert dispatch(app, body).status == 200
    assert app.seen[-1][1]["enterprise_id"] == "E0CLINICS"


def test_a_click_from_an_org_wide_install_may_have_no_team(app):
    body = block_actions_body("pick", "v", user_id="U1", response_url=None, team_id=None, enterprise_id="E0CLINICS")
    payload = json.loads(parse_qs(body.decode())["payload"][0])
    assert payload["team"] is None and payload["enterprise"]["id"] == "E0CLINICS"
    assert dispatch(app, body).status == 200
    assert app.seen[-1][0] == "action"
