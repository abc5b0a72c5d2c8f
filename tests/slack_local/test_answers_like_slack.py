"""The Slack stand-in answers the bot's Web API calls the way Slack does, and records them."""

from __future__ import annotations

import threading

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.local.slack import SlackStandIn, buttons_in

CARD = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "*Maria*"}},
    {
        "type": "actions",
        "elements": [
            {"type": "button", "action_id": "a1", "value": "v1", "text": {"type": "plain_text", "text": "Yes"}}
        ],
    },
]


@pytest.fixture
def slack():
    with SlackStandIn(users={"U1": "Europe/London"}, channels={"C1": {"U1", "UBOT"}}) as standin:
        standin.join("DU1", "U1", "UBOT")  # U1 has written to the bot: their DM exists
        yield standin


@pytest.fixture
def client(slack):
    return WebClient(token="xoxb-test", base_url=slack.api_url)


def test_the_bot_learns_who_it_is_and_each_persons_time_zone(slack, client):
    assert client.auth_test()["user_id"] == "UBOT"
    assert client.users_info(user="U1")["user"]["tz"] == "Europe/London"
    assert client.users_info(user="U2")["user"]["tz"] == "America/New_York"
    assert client.conversations_open(users="U1")["channel"]["id"] == "DU1"


def test_posted_messages_get_increasing_timestamps_and_are_recorded_with_their_blocks(slack, client):
    first = client.chat_postMessage(channel="DU1", text="hello", blocks=CARD)
    second = client.chat_postMessage(channel="DU1", text="again")
    assert first["channel"] == "DU1"
    assert float(second["ts"]) > float(first["ts"])
    call = slack.calls_to("chat.postMessage")[0]
    assert call.params["blocks"] == CARD
    assert call.params["text"] == "hello"
    assert [m["text"] for m in slack.dm_messages("DU1")] == ["hello", "again"]


def test_chat_update_edits_the_posted_message_in_place(slack, client):
    posted = client.chat_postMessage(channel="DU1", text="choose", blocks=CARD)
    client.chat_postMessage(channel="U2", text="elsewhere")  # to a user id: Slack posts in the DM with them
    client.chat_update(channel="DU1", ts=posted["ts"], text="done", blocks=[])
    assert slack.dm_messages("DU1") == [{"channel": "DU1", "ts": posted["ts"], "text": "done", "blocks": []}]
    assert len(slack.dm_messages()) == 2


def test_updating_a_message_that_does_not_exist_fails_like_slack(client):
    with pytest.raises(SlackApiError) as raised:
        client.chat_update(channel="DU1", ts="1.000001", text="x")
    assert raised.value.response["error"] == "message_not_found"


def test_a_post_without_a_channel_fails_like_slack(client):
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="", text="x")
    assert raised.value.response["error"] == "channel_not_found"


def test_a_call_without_a_token_is_refused(slack):
    with pytest.raises(SlackApiError) as raised:
        WebClient(base_url=slack.api_url).chat_postMessage(channel="DU1", text="x")
    assert raised.value.response["error"] == "not_authed"


def test_ephemeral_posts_are_answered_and_every_call_is_recorded_even_a_refused_one(slack, client):
    assert client.chat_postEphemeral(channel="C1", user="U1", text="only you")["ok"]
    with pytest.raises(SlackApiError):
        client.api_call("reactions.add", params={"name": "eyes"})
    assert [call.method for call in slack.all_calls()] == ["chat.postEphemeral", "reactions.add"]
    assert slack.calls_to("chat.postEphemeral")[0].params["user"] == "U1"


def test_response_url_posts_are_recorded_per_url(slack):
    first, second = slack.new_response_url(), slack.new_response_url()
    assert first != second
    answer = WebhookClient(first).send(text="card", blocks=CARD, response_type="ephemeral")
    assert answer.status_code == 200 and answer.body == "ok"
    assert slack.posts_to(first) == [{"text": "card", "blocks": CARD, "response_type": "ephemeral"}]
    assert slack.posts_to(second) == []


def test_a_response_url_the_stand_in_never_issued_is_not_found(slack):
    answer = WebhookClient(slack.url + "/response/nope").send(text="x")
    assert answer.status_code == 404


def test_wait_for_returns_as_soon_as_the_bot_has_called(slack, client):
    timer = threading.Timer(0.05, lambda: client.chat_postMessage(channel="DU1", text="later"))
    timer.start()
    assert slack.wait_for(lambda: bool(slack.dm_messages()), timeout=3)
    assert not slack.wait_for(lambda: len(slack.dm_messages()) > 1, timeout=0.1)
    timer.join()


def test_buttons_in_finds_every_button_in_reading_order():
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "x"}, "accessory": {"type": "button", "action_id": "s"}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "y"}]},
        *CARD,
    ]
    assert [button["action_id"] for button in buttons_in(blocks)] == ["s", "a1"]


def test_deliveries_list_api_calls_and_response_url_posts_in_arrival_order(slack, client):
    url = slack.new_response_url()
    posted = client.chat_postMessage(channel="DU1", text="first")
    WebhookClient(url).send(text="second")
    client.chat_update(channel="DU1", ts=posted["ts"], text="third")
    delivered = slack.deliveries()
    assert [d.target for d in delivered] == ["chat.postMessage", url, "chat.update"]
    assert [d.payload["text"] for d in delivered] == ["first", "second", "third"]
    assert delivered[0].answer["ts"] == posted["ts"]
    assert slack.deliveries(since=2) == delivered[2:]
