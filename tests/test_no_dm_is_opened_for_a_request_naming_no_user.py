"""A request that names no user opens no DM: Slack would refuse it (invalid_users), and nobody could be told."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient

from bot.cli.metrics import Metrics
from bot.cli.slack_messenger import SlackMessenger
from bot.cli.zones import UserZones
from bot.local.slack import SlackStandIn

USER = "U0FRONTDESK"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(users={USER: "America/Chicago"}) as standin:
        yield standin


def test_an_empty_user_id_opens_no_dm_and_makes_no_slack_call(slack: SlackStandIn) -> None:
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    messenger = SlackMessenger(
        client, UserZones(fallback=ZoneInfo("America/Chicago")), lambda: datetime.now(ZoneInfo("UTC")), Metrics()
    )
    assert messenger.open_dm("") is None
    assert slack.calls_to("conversations.open") == []
    assert messenger.open_dm(USER) is not None, "a named user still gets their DM"
