"""The Slack edge's counting: an outcome drawn twice is one conversation ended; refusals are counted by code.

Drawing an outcome can take two tries (a fresh card below a typed answer is
refused, so the turn is drawn where the old card was): the dashboard must
still show one conversation done, not two. Slack's refusals are counted by
method and error code, and a value that is not a Slack error code never
becomes a label.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient

from bot.cli.metrics import Metrics
from bot.cli.slack_messenger import SlackMessenger
from bot.cli.zones import UserZones
from bot.engine.state import Step
from bot.engine.turn import Turn
from bot.local.slack import SlackStandIn
from tests.views.factories import NOW, confirm_move, conversation

USER = "U0FRONTDESK"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(users={USER: "America/Chicago"}, channels={"C0FRONTDESK": {USER, "UBOT"}}) as standin:
        yield standin


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
def messenger(slack: SlackStandIn, metrics: Metrics) -> SlackMessenger:
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    clock = lambda: datetime.now(ZoneInfo("America/Chicago"))  # noqa: E731
    return SlackMessenger(client, UserZones(fallback=ZoneInfo("America/Chicago")), clock, metrics)


def count(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


@pytest.mark.parametrize(("step", "outcome"), [(Step.DONE, "done"), (Step.CANCELLED_BY_USER, "stopped")])
def test_an_outcome_refused_below_and_drawn_in_place_counts_one_conversation(
    messenger: SlackMessenger, metrics: Metrics, step: Step, outcome: str
) -> None:
    dm = messenger.open_dm(USER)
    assert dm is not None
    place = messenger.post_card(Turn(confirm_move(user_id=USER)), user_id=USER, channel_id=dm)
    assert place is not None
    ended = conversation(step, user_id=USER, version=8, updated_at=NOW)

    refused = messenger.post_card(Turn(ended), user_id=USER, channel_id="C0NOSUCHCHANNEL")
    redrawn = messenger.update_card(Turn(ended), user_id=USER, place=place)

    assert refused is None and redrawn is True
    assert count(metrics, "clinic_bot_conversations_ended_total", outcome=outcome) == 1
    assert count(metrics, "clinic_bot_cards_total", action="posted") == 1, "only the confirm card was posted"
    assert count(metrics, "clinic_bot_cards_total", action="updated") == 1
    assert count(metrics, "clinic_bot_slack_refusals_total", method="chat.postMessage", error="channel_not_found") == 1


def test_a_refusal_that_is_not_a_slack_error_code_is_counted_as_other(metrics: Metrics) -> None:
    metrics.slack_refused("chat.update", "Maria Lopez (512) 555-0101")
    metrics.slack_refused("chat.update", "not_in_channel")

    assert count(metrics, "clinic_bot_slack_refusals_total", method="chat.update", error="other") == 1
    assert count(metrics, "clinic_bot_slack_refusals_total", method="chat.update", error="not_in_channel") == 1
    assert b"Maria" not in metrics.exposition()
