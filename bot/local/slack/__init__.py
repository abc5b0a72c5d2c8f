"""Slack on loopback for the console, the end-to-end tests and the benchmark.

`SlackStandIn` plays the Web API and response_urls as strictly as Slack
(rules.RULES lists each rule with its source); `payloads` builds what Slack
sends the bot, signed.
"""

from bot.local.slack.events import (
    bot_mention_event,
    bot_message_event,
    dm_event,
    event_body,
    event_callback,
    file_share_event,
    mention_event,
    message_changed_event,
    message_deleted_event,
    url_verification_body,
)
from bot.local.slack.payloads import (
    block_actions_body,
    block_actions_payload,
    form_body,
    sign,
    slash_command_body,
    slash_command_payload,
    ssl_check_body,
)
from bot.local.slack.rules import RULES, Rule, buttons_in, conversation_of
from bot.local.slack.standin import DEFAULT_TZ, ApiCall, Delivery, Refusal, SlackStandIn
from bot.local.slack.workspace import Press, VisibleButton, VisibleMessage

__all__ = [
    "DEFAULT_TZ",
    "RULES",
    "ApiCall",
    "Delivery",
    "Press",
    "Refusal",
    "Rule",
    "SlackStandIn",
    "VisibleButton",
    "VisibleMessage",
    "block_actions_body",
    "block_actions_payload",
    "bot_mention_event",
    "bot_message_event",
    "buttons_in",
    "conversation_of",
    "dm_event",
    "event_body",
    "event_callback",
    "file_share_event",
    "form_body",
    "mention_event",
    "message_changed_event",
    "message_deleted_event",
    "sign",
    "slash_command_body",
    "slash_command_payload",
    "ssl_check_body",
    "url_verification_body",
]
