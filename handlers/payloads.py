"""Slack's payloads, read into the assistant's request values — or refused, before anything is written.

Only the fields the bot uses are read, each checked for shape; a payload that
does not fit gives None (the listener then answers plainly and does nothing).
Messages Slack sends that are not a person talking to the bot (other bots,
workflows, our own posts, edits and deletions) give None too.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.assistant.requests import ClickRequest, CommandRequest, MessageRequest
from bot.engine.buttons import decode_action

IGNORED_SUBTYPES = frozenset(
    {"bot_message", "message_changed", "message_deleted", "channel_join", "channel_leave", "message_replied"}
)
"""Message subtypes that are not a person's words to the bot. `file_share` is kept: its text is read, the file not."""

COMMANDS = {"/reschedule": "reschedule", "/cancel": "cancel"}


def _text(value: object) -> str:
    """Text as a person typed it, with what Slack can carry but a database cannot (lone surrogates, NULs) removed."""
    if not isinstance(value, str):
        return ""
    cleaned = value.encode("utf-8", "replace").decode("utf-8")
    return "".join(ch for ch in cleaned if ch in "\n\t" or ord(ch) >= 32).strip()[:4000]


def command_request(command: dict[str, Any]) -> CommandRequest | None:
    try:
        return CommandRequest(
            key=str(command.get("trigger_id") or ""),
            user_id=command.get("user_id"),
            intent=COMMANDS.get(str(command.get("command")), ""),
            command=str(command.get("command")),
            text=_text(command.get("text")),
            channel_id=command.get("channel_id"),
            response_url=command.get("response_url"),
        )
    except ValidationError:
        return None


def click_request(body: dict[str, Any], action: dict[str, Any]) -> ClickRequest | None:
    user = body.get("user") if isinstance(body.get("user"), dict) else {}
    channel = body.get("channel") if isinstance(body.get("channel"), dict) else {}
    decoded = decode_action(action.get("action_id"), action.get("value"))
    conversation_id, version, clicked = decoded if decoded else (None, None, None)
    key = body.get("trigger_id") or f"{action.get('action_ts')}:{action.get('action_id')}"
    try:
        return ClickRequest(
            key=str(key),
            user_id=user.get("id"),  # type: ignore[union-attr]
            conversation_id=conversation_id,
            version=version,
            action=clicked,
            channel_id=channel.get("id"),  # type: ignore[union-attr]
            response_url=body.get("response_url"),
        )
    except ValidationError:
        return None


def message_request(body: dict[str, Any], event: dict[str, Any], *, bot_user_id: str | None) -> MessageRequest | None:
    """A DM or an @mention from a person; None for anything else Slack sends on those events."""
    mention = event.get("type") == "app_mention"
    if event.get("bot_id") or event.get("subtype") in IGNORED_SUBTYPES or not event.get("user"):
        return None
    if bot_user_id is not None and event.get("user") == bot_user_id:
        return None
    if not mention and event.get("channel_type") != "im":
        return None
    try:
        return MessageRequest(
            key=str(body.get("event_id") or f"{event.get('channel')}:{event.get('ts')}"),
            user_id=event.get("user"),
            text=_text(event.get("text")),
            channel_id=event.get("channel"),
            ts=event.get("ts"),
            thread_ts=event.get("thread_ts"),
            mention=mention,
        )
    except ValidationError:
        return None
