"""A Slack workspace's state as people see it: channels and their members, messages, response_urls.

Kept apart from the HTTP side so the rules of what a post does (a new
ephemeral, a replacement, a deletion) are plain methods a test can read. What
a person SEES is derived from here: ephemerals shown to them, and the current
drawing of every undeleted message in a channel they are in.
"""

from __future__ import annotations

import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.local.slack.rules import RESPONSE_URL_POSTS, RESPONSE_URL_SECONDS, buttons_in, conversation_of


@dataclass
class Message:
    """One message in a channel (or an ephemeral shown to one person), in its current drawing."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    ephemeral_to: str | None = None
    source: str = "chat.postMessage"
    thread_ts: str | None = None
    deleted: bool = False
    drawings: int = 1
    ever_shown: set[tuple[str, str]] = field(default_factory=set)
    """(action_id, value) of every button any drawing of this message showed: a click may race a redraw."""

    def redraw(self, text: str | None, blocks: list[dict[str, Any]] | None) -> None:
        if text is not None:
            self.text = text
        if blocks is not None:
            self.blocks = blocks
        self.drawings += 1
        self.remember_buttons()

    def remember_buttons(self) -> None:
        self.ever_shown |= {(str(b.get("action_id")), str(b.get("value"))) for b in buttons_in(self.blocks)}


@dataclass
class ResponseUrl:
    """A response_url Slack issued with a slash command or a click."""

    key: str
    kind: Literal["command", "click", "unbound"]
    issued_at: float
    user_id: str | None = None
    channel_id: str | None = None
    message: Message | None = None
    """A click's: the message that held the pressed button."""
    posts: list[dict[str, Any]] = field(default_factory=list)

    def refusal(self, now: float) -> tuple[str, str] | None:
        """(error, rule) when Slack would refuse one more post now."""
        if now - self.issued_at > RESPONSE_URL_SECONDS:
            return "expired_url", "response_url_expired"
        if len(self.posts) >= RESPONSE_URL_POSTS:
            return "used_url", "response_url_max_posts"
        return None


@dataclass(frozen=True)
class VisibleButton:
    action_id: str
    value: str
    text: str
    conversation: str | None
    """The bot's conversation id in the value (see rules.conversation_of), None for any other button."""
    version: int | None


@dataclass(frozen=True)
class VisibleMessage:
    """A message on a person's screen now: after every replacement and deletion."""

    channel: str
    ts: str
    ephemeral: bool
    text: str
    blocks: list[dict[str, Any]]
    buttons: tuple[VisibleButton, ...]
    drawings: int


@dataclass(frozen=True)
class Press:
    """Where a pressed button was: what Slack puts in the click's payload."""

    response_url: str
    channel_id: str
    container: dict[str, Any]
    message: dict[str, Any] | None
    """The message as Slack sends it with the click; None for an ephemeral (Slack keeps no copy)."""
    visible: bool
    """False when the button was no longer on screen (a test simulating a click that raced a redraw)."""


class Workspace:
    def __init__(self, *, bot_user_id: str, team_id: str, clock: Any = time.time) -> None:
        self.bot_user_id, self.team_id = bot_user_id, team_id
        self.clock = clock
        self.members: dict[str, set[str]] = {}
        self.messages: list[Message] = []
        self.urls: dict[str, ResponseUrl] = {}
        self._ts_base = int(time.time())
        self._ts_counter = itertools.count(1)

    # -- channels ----------------------------------------------------------------------
    def add_channel(self, channel: str, members: set[str]) -> None:
        self.members.setdefault(channel, set()).update(members)

    def open_dm(self, user_id: str) -> str:
        channel = "D" + user_id
        self.add_channel(channel, {user_id, self.bot_user_id})
        return channel

    def is_member(self, channel: str, user_id: str) -> bool:
        return user_id in self.members.get(channel, set())

    def exists(self, channel: str) -> bool:
        return channel in self.members

    # -- messages ------------------------------------------------------------------------
    def next_ts(self) -> str:
        return f"{self._ts_base}.{next(self._ts_counter):06d}"

    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]],
        *,
        ephemeral_to: str | None = None,
        source: str = "chat.postMessage",
        thread_ts: str | None = None,
    ) -> Message:
        message = Message(channel, self.next_ts(), text, blocks, ephemeral_to, source, thread_ts)
        message.remember_buttons()
        self.messages.append(message)
        return message

    def find(self, channel: str | None, ts: str | None) -> Message | None:
        for message in self.messages:
            if message.ts == ts and (channel is None or message.channel == channel) and not message.deleted:
                return message
        return None

    def can_see(self, user_id: str, message: Message) -> bool:
        if message.deleted:
            return False
        if message.ephemeral_to is not None:
            return message.ephemeral_to == user_id
        return self.is_member(message.channel, user_id)

    def visible(self, user_id: str) -> list[VisibleMessage]:
        return [_visible(message) for message in self.messages if self.can_see(user_id, message)]

    # -- response_urls -------------------------------------------------------------------
    def issue_url(
        self,
        base: str,
        kind: Literal["command", "click", "unbound"],
        *,
        user_id: str | None = None,
        channel_id: str | None = None,
        message: Message | None = None,
    ) -> str:
        key = uuid.uuid4().hex
        self.urls[key] = ResponseUrl(key, kind, self.clock(), user_id, channel_id, message)
        if user_id and channel_id and not channel_id.startswith("D"):
            self.add_channel(channel_id, {user_id})  # a person types only where they are a member
        return f"{base}/response/{key}"

    def press(
        self,
        base: str,
        user_id: str,
        action_id: str,
        value: str,
        *,
        message_ts: str | None = None,
        channel_id: str | None = None,
        response_url: str | None = None,
        shown_to: str | None = None,
    ) -> Press:
        """Find the message the person pressed the button on and issue the click's response_url for it.

        `shown_to`: whose screen the button is on, when a test has someone else press it
        (a click Slack itself could not send, used to check the bot's own owner check).
        """
        message, visible = self._pressed_message(shown_to or user_id, action_id, value, message_ts, channel_id)
        if response_url is not None:
            key = response_url.rstrip("/").rsplit("/", 1)[-1]
            bound = self.urls.get(key)
            if bound is None or bound.kind != "unbound":
                raise LookupError("only a URL from new_response_url() without a user can be bound to a click")
            bound.kind, bound.user_id, bound.channel_id, bound.message = "click", user_id, message.channel, message
            bound.issued_at = self.clock()
        else:
            response_url = self.issue_url(base, "click", user_id=user_id, channel_id=message.channel, message=message)
        container = {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": message.ephemeral_to is not None,
        }
        shown = None if message.ephemeral_to is not None else self.as_slack_message(message)
        return Press(response_url, message.channel, container, shown, visible)

    def _pressed_message(
        self, user_id: str, action_id: str, value: str, message_ts: str | None, channel_id: str | None
    ) -> tuple[Message, bool]:
        wanted = (action_id, value)
        if message_ts is not None:
            found = [m for m in self.messages if m.ts == message_ts and (channel_id in (None, m.channel))]
            if not found or not (self.can_see(user_id, found[0]) or found[0].deleted):
                raise LookupError(f"{user_id} cannot see message {message_ts}")
            message = found[0]
            return message, self.can_see(user_id, message) and wanted in _shown_now(message)
        for message in reversed(self.messages):
            if self.can_see(user_id, message) and wanted in _shown_now(message):
                return message, True
        for message in reversed(self.messages):
            if wanted in message.ever_shown and (message.ephemeral_to in (None, user_id)):
                return message, False
        raise LookupError(f"no message {user_id} was shown has that button")

    def as_slack_message(self, message: Message) -> dict[str, Any]:
        """A bot message as Slack returns it (chat.postMessage's `message`, a click's `message`)."""
        shown: dict[str, Any] = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": "B" + self.bot_user_id,
            "app_id": "A0CLINIC",
            "team": self.team_id,
            "ts": message.ts,
            "text": message.text,
            "blocks": message.blocks,
        }
        if message.thread_ts:
            shown["thread_ts"] = message.thread_ts
        return shown


def _shown_now(message: Message) -> set[tuple[str, str]]:
    return {(str(b.get("action_id")), str(b.get("value"))) for b in buttons_in(message.blocks)}


def _visible(message: Message) -> VisibleMessage:
    buttons = []
    for button in buttons_in(message.blocks):
        value = str(button.get("value") or "")
        owner = conversation_of(value)
        text = button.get("text")
        buttons.append(
            VisibleButton(
                action_id=str(button.get("action_id") or ""),
                value=value,
                text=str(text.get("text") if isinstance(text, dict) else text or ""),
                conversation=owner[0] if owner else None,
                version=owner[1] if owner else None,
            )
        )
    return VisibleMessage(
        channel=message.channel,
        ts=message.ts,
        ephemeral=message.ephemeral_to is not None,
        text=message.text,
        blocks=list(message.blocks),
        buttons=tuple(buttons),
        drawings=message.drawings,
    )
