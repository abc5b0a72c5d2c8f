"""What the Slack edge hands the assistant: one value per kind of request, already read from Slack's payload.

The assistant knows no Slack, so the handlers translate each payload into one
of these (and refuse a payload that does not fit, before anything is
written). They are also what the durable inbox keeps: a request interrupted
by a crash is replayed from its stored value, through the same code.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.engine.state import Action

Text = Annotated[str, Field(max_length=4000)]
SlackId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


class _Request(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: Annotated[str, Field(min_length=1, max_length=200)]
    """Slack's own id for this request (trigger_id, event_id): a replay of it does nothing new."""
    user_id: SlackId


class CommandRequest(_Request):
    """`/reschedule …` or `/cancel …`, typed in `channel_id`."""

    type: Literal["command"] = "command"
    intent: Literal["reschedule", "cancel"]
    command: str
    text: Text = ""
    channel_id: SlackId | None = None
    response_url: str | None = None


class ClickRequest(_Request):
    """A button on one of our cards. `action` is None when the button's value is not one we drew."""

    type: Literal["click"] = "click"
    conversation_id: str | None = None
    version: int | None = None
    action: Action | None = None
    channel_id: SlackId | None = None
    response_url: str | None = None


class MessageRequest(_Request):
    """A direct message to the bot, or an @mention of it in a channel (`mention`)."""

    type: Literal["message"] = "message"
    text: Text = ""
    channel_id: SlackId
    ts: str | None = None
    thread_ts: str | None = None
    mention: bool = False


SlackRequest = Annotated[CommandRequest | ClickRequest | MessageRequest, Field(discriminator="type")]


class StoredRequest(BaseModel):
    """How a request sits in the inbox (one JSON document, any kind)."""

    request: SlackRequest
