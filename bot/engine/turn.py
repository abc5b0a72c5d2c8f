"""What a turn of the conversation produced, and where it is drawn: values the views and the store share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.engine.state import Conversation

Surface = dict[str, Any]
"""Where the conversation is drawn in Slack (channel, ts, response_url): the Slack edge's business, opaque here."""


@dataclass(frozen=True)
class Stored:
    """A conversation as saved, with where its card lives."""

    conversation: Conversation
    surface: Surface


@dataclass(frozen=True)
class Turn:
    """What the Slack edge draws: a conversation card, or a plain message."""

    conversation: Conversation | None = None
    surface: Surface = field(default_factory=dict)
    stale: bool = False
    message: str | None = None
    previous: Stored | None = None
    """A conversation this turn superseded (its card should be redrawn as stopped)."""
