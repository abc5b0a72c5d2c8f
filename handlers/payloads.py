"""Slack's payloads, read into the assistant's request values — or refused, before anything is written.

Only the fields the bot uses are read, each checked for shape; a payload that
does not fit gives None (the listener then answers plainly and does nothing).
Messages Slack sends that are not a person talking to the bot (other bots,
workflows, our own posts, edits and deletions) give None too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from bot.assistant.requests import ClickRequest, CommandRequest, MessageRequest
from bot.engine.buttons import decode_action

IGNORED_SUBTYPES = frozenset(
    {"bot_message", "message_changed", "message_deleted", "channel_join", "channel_leave", "message_replied"}
)
"""Message subtypes that are not a person's words to the bot. `file_share` is kept: its text is read, the file not."""

COMMANDS = {"/reschedule": "reschedule", "/cancel": "cancel"}

_TOKEN = re.compile(r"^[\x21-\x7e]{1,255}$")
"""Slack's own opaque values (trigger_id, event_id, ts, action_ts): printable ASCII, no spaces."""


def _text(value: object) -> str:
    """Text as a person typed it, less what JSON can carry but a database or a card cannot: lone surrogates
    (each becomes "?") and control characters (NUL, escapes, DEL; newlines and tabs are kept)."""
    if not isinstance(value, str):
        return ""
    cleaned = value.encode("utf-8", "replace").decode("utf-8")
    return "".join(ch for ch in cleaned if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()[:4000]


def _token(value: object) -> str | None:
    """One of Slack's opaque values as sent, or None when it is not one (a lone surrogate cannot be stored)."""
    return value if isinstance(value, str) and _TOKEN.match(value) else None


def _url(value: object) -> str | None:
    """A response_url: an http(s) URL of printable ASCII, else None (nothing is ever posted to it)."""
    token = _token(value)
    if token is None:
        return None
    parts = urlsplit(token)
    return token if parts.scheme in {"https", "http"} and parts.netloc else None


def _readable(value: object, read: str | None) -> bool:
    """A field that is absent, or present and read: a value sent but unreadable makes the request unreadable."""
    return value is None or read is not None


def command_request(command: dict[str, Any]) -> CommandRequest | None:
    response_url = _url(command.get("response_url"))
    if not _readable(command.get("response_url"), response_url):
        return None
    try:
        return CommandRequest(
            key=_token(command.get("trigger_id")) or "",
            user_id=command.get("user_id"),
            intent=COMMANDS.get(str(command.get("command")), ""),
            command=str(command.get("command")),
            text=_text(command.get("text")),
            channel_id=command.get("channel_id"),
            response_url=response_url,
        )
    except ValidationError:
        return None


def click_request(body: dict[str, Any], action: dict[str, Any]) -> ClickRequest | None:
    user = body.get("user") if isinstance(body.get("user"), dict) else {}
    channel = body.get("channel") if isinstance(body.get("channel"), dict) else {}
    decoded = decode_action(action.get("action_id"), action.get("value"))
    conversation_id, version, clicked = decoded if decoded else (None, None, None)
    response_url = _url(body.get("response_url"))
    if not _readable(body.get("response_url"), response_url):
        return None
    action_ts, action_id = _token(action.get("action_ts")), _token(action.get("action_id"))
    key = _token(body.get("trigger_id")) or (f"{action_ts}:{action_id}" if action_ts and action_id else "")
    try:
        return ClickRequest(
            key=key,
            user_id=user.get("id"),  # type: ignore[union-attr]
            conversation_id=conversation_id,
            version=version,
            action=clicked,
            channel_id=channel.get("id"),  # type: ignore[union-attr]
            response_url=response_url,
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
    ts, thread_ts = _token(event.get("ts")), _token(event.get("thread_ts"))
    if not _readable(event.get("ts"), ts) or not _readable(event.get("thread_ts"), thread_ts):
        return None
    try:
        return MessageRequest(
            key=_token(body.get("event_id")) or f"{event.get('channel')}:{ts}",
            user_id=event.get("user"),
            text=_text(event.get("text")),
            channel_id=event.get("channel"),
            ts=ts,
            thread_ts=thread_ts,
            mention=mention,
        )
    except ValidationError:
        return None
