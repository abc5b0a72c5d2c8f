"""`visible(user_id)` is each person's screen: what a test asks to know whether an old card still
shows buttons that look live (the bot's buttons carry their conversation and version, decoded here)."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.local.slack import SlackStandIn, conversation_of


def card(conversation: str, version: int, label: str) -> list[dict]:
    value = json.dumps({"c": conversation, "v": version, "k": "confirm", "s": "0"})
    button = {"type": "button", "action_id": "clinic_bot:confirm:0", "value": value}
    return [{"type": "actions", "elements": [{**button, "text": {"type": "plain_text", "text": label}}]}]


@pytest.fixture
def slack():
    with SlackStandIn(channels={"C1": {"U1", "U2", "UBOT"}}) as standin:
        standin.join("DU1", "U1", "UBOT")
        yield standin


def test_a_dm_card_redrawn_with_chat_update_is_seen_once_in_its_latest_drawing(slack):
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    posted = client.chat_postMessage(channel="DU1", text="v1", blocks=card("conv", 1, "Confirm"))
    client.chat_update(channel="DU1", ts=posted["ts"], text="done", blocks=[])
    [shown] = slack.visible("U1")
    assert (shown.text, shown.buttons, shown.drawings, shown.ephemeral) == ("done", (), 2, False)
    assert slack.visible("U2") == [], "U2 is not in U1's DM"


def test_an_old_command_card_stays_on_screen_with_its_buttons_beside_the_new_one(slack):
    url = slack.new_response_url(user_id="U1", channel_id="C1")
    WebhookClient(url).send(text="times", blocks=card("conv", 1, "Fri 9:00"))
    WebhookClient(url).send(text="times again", blocks=card("conv", 2, "Mon 9:00"), replace_original=True)
    shown = slack.visible("U1")
    assert [(m.text, [(b.conversation, b.version, b.text) for b in m.buttons]) for m in shown] == [
        ("times", [("conv", 1, "Fri 9:00")]),
        ("times again", [("conv", 2, "Mon 9:00")]),
    ]
    assert all(m.ephemeral for m in shown)


def test_an_in_channel_reply_is_seen_by_every_member(slack):
    url = slack.new_response_url(user_id="U1", channel_id="C1")
    WebhookClient(url).send(text="for everyone", response_type="in_channel")
    assert [m.text for m in slack.visible("U2")] == ["for everyone"]


def test_only_the_bots_own_button_values_name_a_conversation():
    assert conversation_of('{"c":"abc","v":4,"k":"confirm","s":"x"}') == ("abc", 4)
    assert conversation_of("slot-3") is None
    assert conversation_of('{"c":"abc","v":true}') is None
    assert conversation_of("[1, 2]") is None
