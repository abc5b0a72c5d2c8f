"""State -> Block Kit, pure. The Slack edge calls exactly what is exported here."""

from bot.views.buttons import ACTION_PREFIX, decode_action, encode_button
from bot.views.cards import (
    Card,
    message_card,
    not_allowed_card,
    render,
    render_conversation,
    render_reply,
    said_text,
    usage_card,
)

__all__ = [
    "ACTION_PREFIX",
    "Card",
    "decode_action",
    "encode_button",
    "message_card",
    "not_allowed_card",
    "render",
    "render_conversation",
    "render_reply",
    "said_text",
    "usage_card",
]
