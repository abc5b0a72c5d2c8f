"""The stand-in's Web API refuses what Slack refuses, answers Slack's error, and records the rule broken."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.local.slack import RULES, SlackStandIn


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def buttons(*specs: tuple[str, str, str]) -> dict:
    return {
        "type": "actions",
        "elements": [
            {"type": "button", "action_id": action_id, "value": value, "text": {"type": "plain_text", "text": text}}
            for action_id, value, text in specs
        ],
    }


@pytest.fixture
def slack():
    channels = {"C1": {"U1", "UBOT"}, "CELSEWHERE": {"U1"}}
    with SlackStandIn(channels=channels) as standin:
        standin.join("DU1", "U1", "UBOT")
        yield standin


@pytest.fixture
def client(slack):
    return WebClient(token="xoxb-test", base_url=slack.api_url, retry_handlers=[])


def refused(call) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return str(raised.value.response["error"])


@pytest.mark.parametrize(
    ("blocks", "rule"),
    [
        ([section("x")] * 51, "too_many_blocks"),
        ([section("x" * 3001)], "section_text_too_long"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}], "header_text_too_long"),
        ([buttons(("a", "v", "x" * 76))], "button_text_too_long"),
        ([buttons(("a", "v" * 2001, "Yes"))], "button_value_too_long"),
        ([buttons(("a", "1", "Yes"), ("a", "2", "No"))], "duplicate_action_id"),
        ([buttons(("a", "1", "Yes")), buttons(("a", "2", "No"))], "duplicate_action_id"),
        ([buttons(*[(f"a{n}", "v", "x") for n in range(26)])], "too_many_elements"),
    ],
)
def test_blocks_over_slacks_limits_are_refused_and_nothing_is_posted(slack, client, blocks, rule):
    assert refused(lambda: client.chat_postMessage(channel="DU1", text="card", blocks=blocks)) == "invalid_blocks"
    assert slack.visible("U1") == []
    assert [failure.rule for failure in slack.failures()] == [rule]


def test_blocks_at_exactly_slacks_limits_are_accepted(slack, client):
    blocks = [section("x" * 3000), buttons(("a", "v" * 2000, "x" * 75)), *[section("y")] * 48]
    assert client.chat_postMessage(channel="DU1", text="card", blocks=blocks)["ok"]
    assert slack.failures() == []


def test_text_over_4000_characters_is_posted_with_a_warning_and_over_40000_refused(slack, client):
    assert client.chat_postMessage(channel="DU1", text="x" * 4001)["ok"]
    assert [failure.rule for failure in slack.failures()] == ["text_over_4000"]
    assert refused(lambda: client.chat_postMessage(channel="DU1", text="x" * 40_001)) == "msg_too_long"
    assert refused(lambda: client.chat_postMessage(channel="DU1", text="")) == "no_text"


def test_chat_update_checks_the_same_limits(slack, client):
    posted = client.chat_postMessage(channel="DU1", text="card")
    error = refused(lambda: client.chat_update(channel="DU1", ts=posted["ts"], text="x", blocks=[section("x")] * 51))
    assert error == "invalid_blocks"
    assert [card.text for card in slack.visible("U1")] == ["card"]


def test_a_method_whose_scope_the_manifest_does_not_grant_answers_missing_scope(slack, client):
    with pytest.raises(SlackApiError) as raised:
        client.reactions_add(channel="DU1", name="eyes", timestamp="1.1")
    assert raised.value.response["error"] == "missing_scope"
    assert raised.value.response["needed"] == "reactions:write"
    assert "chat:write" in raised.value.response["provided"]


def test_scopes_come_from_the_manifest_or_are_given(slack):
    with SlackStandIn(scopes=["users:read"]) as narrow:
        client = WebClient(token="xoxb-test", base_url=narrow.api_url, retry_handlers=[])
        assert client.users_info(user="U1")["ok"]
        assert refused(lambda: client.conversations_open(users="U1")) == "missing_scope"


def test_an_unknown_method_answers_unknown_method(slack, client):
    assert refused(lambda: client.api_call("chat.postMessageLater")) == "unknown_method"
    assert [failure.rule for failure in slack.failures()] == ["unknown_method"]


def test_tokens_of_the_wrong_kind_are_refused(slack):
    app = WebClient(token="xapp-1-test", base_url=slack.api_url, retry_handlers=[])
    assert refused(lambda: app.chat_postMessage(channel="DU1", text="x")) == "not_allowed_token_type"
    bot = WebClient(token="xoxb-test", base_url=slack.api_url, retry_handlers=[])
    assert refused(lambda: bot.apps_connections_open(app_token="xoxb-test")) == "not_allowed_token_type"
    slack.refused_tokens.add("xoxb-revoked")
    revoked = WebClient(token="xoxb-revoked", base_url=slack.api_url, retry_handlers=[])
    assert refused(revoked.auth_test) == "invalid_auth"


def test_an_ephemeral_goes_only_to_a_member_of_the_channel(slack, client):
    assert refused(lambda: client.chat_postEphemeral(channel="C1", user="U2", text="x")) == "user_not_in_channel"
    assert client.chat_postEphemeral(channel="C1", user="U1", text="only you")["ok"]
    assert [card.text for card in slack.visible("U1")] == ["only you"]


def test_the_bot_posts_only_where_it_is_a_member(slack, client):
    assert refused(lambda: client.chat_postMessage(channel="CELSEWHERE", text="x")) == "not_in_channel"
    assert refused(lambda: client.chat_postEphemeral(channel="CELSEWHERE", user="U1", text="x")) == "not_in_channel"
    assert refused(lambda: client.chat_postMessage(channel="CNOWHERE", text="x")) == "channel_not_found"
    assert refused(lambda: client.chat_postMessage(channel="DU9", text="x")) == "channel_not_found", "never opened"


def test_an_ephemeral_cannot_be_updated(slack, client):
    ts = client.chat_postEphemeral(channel="C1", user="U1", text="only you")["message_ts"]
    assert refused(lambda: client.chat_update(channel="C1", ts=ts, text="changed")) == "message_not_found"
    assert [failure.rule for failure in slack.failures()] == ["ephemeral_cannot_be_updated"]
    assert [card.text for card in slack.visible("U1")] == ["only you"]


def test_the_optional_channel_rate_limit_answers_429_with_retry_after():
    with SlackStandIn(channels={"DU1": {"U1", "UBOT"}}, channel_rate_limit=True) as slack:
        client = WebClient(token="xoxb-test", base_url=slack.api_url, retry_handlers=[])
        started = time.monotonic()
        for _ in range(3):  # a short burst is allowed
            assert client.chat_postMessage(channel="DU1", text="x")["ok"]
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="DU1", text="x")
        if time.monotonic() - started < 1.0:
            assert raised.value.response.status_code == 429
            assert raised.value.response.headers["Retry-After"] in ("1", ["1"])
        time.sleep(1.05)
        assert client.chat_postMessage(channel="DU1", text="x")["ok"], "about one a second gets through"


def test_every_rule_names_its_source():
    assert all(rule.source and rule.what for rule in RULES.values())
    assert "30 minutes" in RULES["response_url_expired"].source


def test_a_request_cut_off_mid_body_is_never_a_call(slack):
    """A sender killed while it wrote (kill -9 mid-request) sent no request: nothing is answered or counted
    against it. Before, the half-read body was taken as a call with no arguments and recorded as a rule broken."""
    where = urlsplit(slack.api_url)
    body = b"users=U1&token=xoxb-test"
    with socket.create_connection((where.hostname, where.port)) as sock:
        sock.sendall(
            b"POST " + where.path.encode() + b"conversations.open HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:5]
        )
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(5)
        assert sock.recv(100) == b"", "a cut-off request was answered"
    assert slack.calls_to("conversations.open") == []
    assert slack.failures(0) == []
