"""What a turn of the conversation produced, and where it is drawn: values the views and the store share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from bot.engine.state import Conversation

Surface = dict[str, Any]
"""Where the conversation is drawn in Slack (channel, ts, response_url): the Slack edge's business, opaque here."""


@dataclass(frozen=True)
class Turn:
    """What the Slack edge draws: a conversation card, or a plain message."""

    conversation: Conversation | None = None
    surface: Surface = field(default_factory=dict)
    stale: bool = False
    message: str | None = None
    previous: Stored | None = None
    """A conversation this turn superseded (its card should be redrawn as stopped)."""


@dataclass(frozen=True)
class Stored:
    """A conversation as saved, with where its card lives."""

    conversation: Conversation
    surface: Surface


ReplyKind = Literal[
    "usage",
    "not_allowed",
    "in_dm",
    "updated_in_dm",
    "already_handled",
    "no_longer_open",
    "not_ours",
    "not_owner",
    "unknown_request",
    "something_wrong",
    "interrupted",
    "unreadable_request",
    "dm_refused",
]


@dataclass(frozen=True)
class Reply:
    """A plain line for the person (no conversation card): what it says is chosen by `kind`, worded by the views.

    `command` is the slash command a usage reply is about; `at` the time an
    interrupted request was received (worded in the reader's zone).
    """

    kind: ReplyKind
    command: str | None = None
    at: datetime | None = None
