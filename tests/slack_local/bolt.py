"""A bare Bolt app on the Slack stand-in: how these tests check that the stand-in's requests are what Bolt accepts."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.local.slack import SlackStandIn


def bare_app(slack: SlackStandIn, secret: str) -> App:
    """Bolt as an app would configure it, its Web API pointed at `slack`; listeners are the test's own."""
    return App(
        signing_secret=secret,
        client=WebClient(token="xoxb-test", base_url=slack.api_url),
        token_verification_enabled=False,
        process_before_response=True,
    )
