"""Button clicks on a conversation card. One listener for every button of ours."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.cli.services import Services
from bot.views import ACTION_PREFIX, decode_action, message_card, not_allowed_card
from handlers.drawing import ephemeral, redraw


def register(app: App) -> None:
    app.action(re.compile("^" + re.escape(ACTION_PREFIX)))(on_conversation_button)


def on_conversation_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient, services: Services
) -> None:
    ack()
    services.in_background(conversation_button, body, action, respond, client, services, tell_person=ephemeral(respond))


def conversation_button(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient, services: Services
) -> None:
    user_id = body["user"]["id"]
    decoded = decode_action(action.get("action_id", ""), action.get("value", ""))
    if decoded is None:
        card = message_card("That button is not one of mine any more. Start again with /reschedule or /cancel.")
        respond(text=card.text, blocks=card.blocks, replace_original=False, response_type="ephemeral")
        return
    conversation_id, version, clicked = decoded
    stored = services.store.get(conversation_id)
    origin = stored.surface.get("channel_id") if stored else None
    if not services.allowed(user_id, origin):
        card = not_allowed_card()
        respond(text=card.text, blocks=card.blocks, replace_original=False, response_type="ephemeral")
        return
    if stored is not None and body.get("response_url") and stored.surface.get("kind") == "command":
        # Remember the newest response_url: the expiry sweep redraws the card through it.
        services.store.update_surface(conversation_id, {**stored.surface, "response_url": body["response_url"]})
    turn = services.assistant.click(conversation_id=conversation_id, version=version, action=clicked, user_id=user_id)
    redraw(turn, services, client, user_id=user_id, respond=respond)
