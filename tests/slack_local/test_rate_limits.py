"""The stand-in can play Slack's rate limiting, and slack_sdk's retry handler gets through it."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.local.slack import SlackStandIn


def test_a_rate_limited_post_is_retried_after_retry_after_and_lands_once():
    with SlackStandIn(channels={"DU1": {"U1", "UBOT"}}) as slack:
        client = WebClient(
            token="xoxb-test", base_url=slack.api_url, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)]
        )
        slack.rate_limit_next("chat.postMessage", retry_after=1)
        started = time.monotonic()
        assert client.chat_postMessage(channel="DU1", text="hi")["ok"]
        elapsed = time.monotonic() - started
        calls = slack.calls_to("chat.postMessage")
        assert len(calls) == 2
        assert slack.rate_limited_calls() == calls[:1]
        assert calls[1].at - calls[0].at >= 1.0
        assert elapsed >= 1.0
        assert len(slack.dm_messages()) == 1


def test_without_a_retry_handler_the_429_reaches_the_caller_and_only_the_named_method_is_limited():
    with SlackStandIn(channels={"DU1": {"U1", "UBOT"}}) as slack:
        client = WebClient(token="xoxb-test", base_url=slack.api_url, retry_handlers=[])
        slack.rate_limit_next("chat.update", retry_after=7, times=1)
        assert client.chat_postMessage(channel="DU1", text="hi")["ok"]
        with pytest.raises(SlackApiError) as raised:
            client.chat_update(channel="DU1", ts="1.1", text="x")
        assert raised.value.response.status_code == 429
        assert raised.value.response["error"] == "ratelimited"
        assert raised.value.response.headers["Retry-After"] in ("7", ["7"])
