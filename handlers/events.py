"""DMs and @mentions. Conversations they start live in the person's DM with the bot.

Slack redelivers events it thinks were lost; each event id is handled once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.assistant import Turn
from bot.cli.services import Services
from bot.store import Stored
from bot.views import not_allowed_card
from handlers.drawing import card_for, post_in_dm, redraw

MENTION = re.compile(r"<@[A-Z0-9]+>")
MENTION_POINTER = "I've sent you a direct message to keep the patient's details private."


def register(app: App) -> None:
    app.event("app_mention")(on_mention)
    app.event("message")(on_message)


def on_mention(ack: Ack, body: dict[str, Any], event: dict[str, Any], client: WebClient, services: Services) -> None:
    ack()
    services.in_background(mention, body, event, client, services, tell_person=in_dm(client, event["user"]))


def on_message(ack: Ack, body: dict[str, Any], event: dict[str, Any], client: WebClient, services: Services) -> None:
    ack()
    services.in_background(direct_message, body, event, client, services, tell_person=in_dm(client, event.get("user")))


def mention(body: dict[str, Any], event: dict[str, Any], client: WebClient, services: Services) -> None:
    if not _first_delivery(body, services):
        return
    user_id, channel_id = event["user"], event.get("channel")
    if not services.allowed(user_id, channel_id):
        _tell_ephemeral(client, channel_id, user_id, not_allowed_card().text)
        return
    text = MENTION.sub(" ", event.get("text") or "").strip()
    dm_channel = _open_dm(client, user_id)
    surface = {"kind": "dm", "channel_id": dm_channel, "origin_channel": channel_id}
    turn = services.assistant.start(user_id=user_id, text=text, surface=surface)
    _retire_previous(turn.previous, services, client, user_id)
    post_in_dm(turn, services, client, user_id=user_id, channel_id=dm_channel)
    if channel_id and channel_id != dm_channel:
        _tell_ephemeral(client, channel_id, user_id, MENTION_POINTER)


def direct_message(body: dict[str, Any], event: dict[str, Any], client: WebClient, services: Services) -> None:
    """A DM to the bot: a follow-up to the open conversation, or a new request."""
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
        return
    if not _first_delivery(body, services):
        return
    user_id, channel_id = event["user"], event["channel"]
    text = (event.get("text") or "").strip()
    if not services.allowed(user_id, channel_id):
        client.chat_postMessage(channel=channel_id, text=not_allowed_card().text)
        return
    if not services.assistant.is_new_request(text, user_id=user_id):
        turn = services.assistant.reply(user_id=user_id, text=text)
        if turn is not None:
            _redraw_below(turn, services, client, user_id=user_id, channel_id=channel_id)
            return
    surface = {"kind": "dm", "channel_id": channel_id}
    turn = services.assistant.start(user_id=user_id, text=text, surface=surface)
    _retire_previous(turn.previous, services, client, user_id)
    post_in_dm(turn, services, client, user_id=user_id, channel_id=channel_id)


def _redraw_below(turn: Turn, services: Services, client: WebClient, *, user_id: str, channel_id: str) -> None:
    """A typed answer gets its card right below it: the old card is retired, a fresh one is posted."""
    if turn.stale or turn.conversation is None:
        redraw(turn, services, client, user_id=user_id)
        return
    old_ts = turn.surface.get("ts")
    if old_ts:
        client.chat_update(channel=channel_id, ts=old_ts, text="Continued below.", blocks=[])
    post_in_dm(turn, services, client, user_id=user_id, channel_id=channel_id)


def _retire_previous(previous: Stored | None, services: Services, client: WebClient, user_id: str) -> None:
    """A new DM request replaced an open one: redraw the old card as stopped, without buttons."""
    if previous is None or not previous.surface.get("ts"):
        return
    card = card_for(Turn(previous.conversation, previous.surface), services, client, user_id)
    client.chat_update(
        channel=previous.surface["channel_id"], ts=previous.surface["ts"], text=card.text, blocks=card.blocks
    )


def in_dm(client: WebClient, user_id: str | None) -> Callable[[str], object] | None:
    """Tell the person in their DM with the bot (events carry no response_url)."""
    if not user_id:
        return None
    return lambda text: client.chat_postMessage(channel=_open_dm(client, user_id), text=text)


def _first_delivery(body: dict[str, Any], services: Services) -> bool:
    event_id = body.get("event_id")
    return event_id is None or services.store.first_delivery(event_id, services.clock())


def _open_dm(client: WebClient, user_id: str) -> str:
    response = client.conversations_open(users=user_id)
    channel: str = response["channel"]["id"]
    return channel


def _tell_ephemeral(client: WebClient, channel_id: str | None, user_id: str, text: str) -> None:
    if channel_id:
        client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
