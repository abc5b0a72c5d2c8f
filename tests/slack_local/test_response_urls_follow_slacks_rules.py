"""response_urls in the stand-in behave as in Slack, so a flow that works here works in a workspace.

A command's response_url only ever adds messages; a click's replaces or deletes
exactly the message that held the button; each URL takes 5 posts within 30
minutes (rules.RULES names the source of each).
"""

from __future__ import annotations

import pytest
from slack_sdk.webhook import WebhookClient

from bot.local.slack import SlackStandIn

CARD = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "Pick a time"}},
    {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": "clinic_bot:choose_slot:i0",
                "value": '{"c":"conv1","v":3,"k":"choose_slot","i":0,"s":"x"}',
                "text": {"type": "plain_text", "text": "Fri 9:00 AM"},
            }
        ],
    },
]


@pytest.fixture
def slack():
    with SlackStandIn(channels={"C1": {"U1", "U2", "UBOT"}}) as standin:
        yield standin


def command_url(slack: SlackStandIn) -> str:
    return slack.new_response_url(user_id="U1", channel_id="C1")


def test_every_post_to_a_commands_url_is_a_new_ephemeral_and_replace_original_is_ignored_and_recorded(slack):
    url = command_url(slack)
    WebhookClient(url).send(text="first card", blocks=CARD, response_type="ephemeral")
    answer = WebhookClient(url).send(text="second card", replace_original=True)
    assert answer.status_code == 200, "Slack accepts the post: it just does not replace"
    assert [card.text for card in slack.visible("U1")] == ["first card", "second card"]
    assert slack.visible("U2") == [], "ephemerals are shown to the person who typed the command alone"
    [ignored] = slack.failures()
    assert ignored.rule == "command_url_never_replaces" and ignored.error == ""
    assert "bolt-python issue #1268" in ignored.source


def test_delete_original_on_a_commands_url_deletes_nothing(slack):
    url = command_url(slack)
    WebhookClient(url).send(text="card", blocks=CARD)
    WebhookClient(url).send(text="Stopped.", delete_original=True)
    assert [card.text for card in slack.visible("U1")] == ["card", "Stopped."]
    assert [failure.rule for failure in slack.failures()] == ["command_url_never_replaces"]


def test_a_clicks_url_replaces_exactly_the_message_that_held_the_button(slack):
    first, second = command_url(slack), command_url(slack)
    WebhookClient(first).send(text="older card", blocks=CARD)
    WebhookClient(second).send(text="other card", blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}])
    button = CARD[1]["elements"][0]
    press = slack.press("U1", button["action_id"], button["value"])
    assert press.container["is_ephemeral"] is True and press.message is None, "Slack keeps no copy of an ephemeral"

    WebhookClient(press.response_url).send(text="confirm card", replace_original=True)

    shown = slack.visible("U1")
    assert [card.text for card in shown] == ["confirm card", "other card"]
    assert shown[0].ts == press.container["message_ts"] and shown[0].drawings == 2
    assert slack.failures() == []


def test_a_clicks_url_with_delete_original_removes_the_card_and_a_second_replace_is_refused(slack):
    url = command_url(slack)
    WebhookClient(url).send(text="card", blocks=CARD)
    button = CARD[1]["elements"][0]
    press = slack.press("U1", button["action_id"], button["value"])
    assert WebhookClient(press.response_url).send(delete_original=True).status_code == 200
    assert slack.visible("U1") == []
    refused = WebhookClient(press.response_url).send(text="again", replace_original=True)
    assert refused.status_code == 404
    assert [failure.rule for failure in slack.failures()] == ["click_url_replaces_its_message"]


def test_a_clicks_url_without_replace_original_adds_a_new_ephemeral_below(slack):
    url = command_url(slack)
    WebhookClient(url).send(text="card", blocks=CARD)
    button = CARD[1]["elements"][0]
    press = slack.press("U1", button["action_id"], button["value"])
    WebhookClient(press.response_url).send(text="That button was already handled.", replace_original=False)
    assert [card.text for card in slack.visible("U1")] == ["card", "That button was already handled."]


def test_a_response_url_takes_five_posts_and_refuses_the_sixth(slack):
    url = command_url(slack)
    statuses = [WebhookClient(url).send(text=f"post {n}").status_code for n in range(6)]
    assert statuses == [200] * 5 + [404]
    assert len(slack.visible("U1")) == 5
    assert slack.posts_per_response_url()[url] == 6
    [refused] = slack.failures()
    assert (refused.rule, refused.error) == ("response_url_max_posts", "used_url")


def test_a_response_url_expires_thirty_minutes_after_it_was_issued(slack):
    url = command_url(slack)
    slack.pass_time(29 * 60)
    assert WebhookClient(url).send(text="still in time").status_code == 200
    slack.pass_time(2 * 60)
    assert WebhookClient(url).send(text="too late").status_code == 404
    assert [card.text for card in slack.visible("U1")] == ["still in time"]
    assert [failure.rule for failure in slack.failures()] == ["response_url_expired"]


def test_a_click_issues_a_fresh_url_with_its_own_thirty_minutes(slack):
    url = command_url(slack)
    WebhookClient(url).send(text="card", blocks=CARD)
    slack.pass_time(31 * 60)
    button = CARD[1]["elements"][0]
    press = slack.press("U1", button["action_id"], button["value"])
    assert WebhookClient(press.response_url).send(text="redrawn", replace_original=True).status_code == 200
    assert [card.text for card in slack.visible("U1")] == ["redrawn"]


def test_a_response_url_refuses_blocks_over_slacks_limits_and_shows_nothing(slack):
    url = command_url(slack)
    too_many = [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}] * 51
    assert WebhookClient(url).send(text="card", blocks=too_many).status_code == 400
    assert slack.visible("U1") == []
    assert [failure.rule for failure in slack.failures()] == ["too_many_blocks"]


def test_a_url_slack_never_issued_is_not_found_and_recorded(slack):
    assert WebhookClient(slack.url + "/response/nope").send(text="x").status_code == 404
    assert [failure.rule for failure in slack.failures()] == ["response_url_unknown"]


def test_nobody_can_press_a_button_they_were_never_shown(slack):
    url = command_url(slack)
    WebhookClient(url).send(text="card", blocks=CARD)
    button = CARD[1]["elements"][0]
    with pytest.raises(LookupError):
        slack.press("U2", button["action_id"], button["value"])
