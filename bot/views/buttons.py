"""Buttons on a card: a label within Slack's limit, and the value that says what the click means.

The value's wire format (conversation id, version, action, checksum) is
bot/engine/buttons.py, which the Slack edge also uses to read clicks back.
"""

from __future__ import annotations

from slack_sdk.models.blocks import ButtonElement

from bot.engine.buttons import ACTION_KINDS, ACTION_PREFIX, decode_action, encode_button
from bot.engine.state import Action, Conversation
from bot.views.limits import MAX_BUTTON_TEXT, clip

__all__ = ["ACTION_KINDS", "ACTION_PREFIX", "button", "decode_action", "encode_button"]


def button(conversation: Conversation, action: Action, text: str, *, style: str | None = None) -> ButtonElement:
    """A button for `action`; its label is shortened to Slack's 75 characters if need be."""
    action_id, value = encode_button(conversation, action)
    return ButtonElement(text=clip(text, MAX_BUTTON_TEXT), action_id=action_id, value=value, style=style)
