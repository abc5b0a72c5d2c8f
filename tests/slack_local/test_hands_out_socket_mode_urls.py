"""apps.connections.open on the stand-in: an app-level token gets the local Socket Mode server's URL."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.local.slack import SlackStandIn


def test_an_app_token_gets_a_fresh_websocket_url_each_time():
    with SlackStandIn() as slack:
        issued = iter(["ws://127.0.0.1:1/link/?ticket=1", "ws://127.0.0.1:1/link/?ticket=2"])
        slack.socket_mode_url = lambda: next(issued)
        client = WebClient(base_url=slack.api_url)
        assert client.apps_connections_open(app_token="xapp-1-A0CLINIC-1-x")["url"].endswith("ticket=1")
        assert client.apps_connections_open(app_token="xapp-1-A0CLINIC-1-x")["url"].endswith("ticket=2")


def test_a_refused_app_token_answers_invalid_auth_and_no_server_answers_an_error():
    with SlackStandIn() as slack:
        client = WebClient(base_url=slack.api_url, retry_handlers=[])
        with pytest.raises(SlackApiError) as raised:
            client.apps_connections_open(app_token="xapp-1-A0CLINIC-1-x")
        assert [failure.rule for failure in slack.failures()] == ["socket_mode_off"]
        slack.socket_mode_url = lambda: "ws://127.0.0.1:1/link/"
        slack.refused_tokens.add("xapp-revoked")
        with pytest.raises(SlackApiError) as raised:
            client.apps_connections_open(app_token="xapp-revoked")
        assert raised.value.response["error"] == "invalid_auth"
