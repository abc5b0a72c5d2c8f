"""Slash commands: /reschedule and /cancel. Acknowledge at once, then work."""

from __future__ import annotations

from typing import Any, Literal

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.services import Services
from bot.views import not_allowed_card, usage_card
from handlers.drawing import card_for


def register(app: App) -> None:
    app.command("/reschedule")(reschedule_command)
    app.command("/cancel")(cancel_command)


def reschedule_command(
    ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, services: Services
) -> None:
    ack()
    start_from_command(command, respond, client, services, "reschedule")


def cancel_command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    start_from_command(command, respond, client, services, "cancel")


def start_from_command(
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
    intent: Literal["reschedule", "cancel"],
) -> None:
    user_id, channel_id = command["user_id"], command.get("channel_id")
    text = (command.get("text") or "").strip()
    if not services.allowed(user_id, channel_id):
        card = not_allowed_card()
    elif not text or text.lower() in {"help", "?"}:
        card = usage_card(command["command"])
    else:
        surface = {"kind": "command", "channel_id": channel_id, "response_url": command.get("response_url")}
        turn = services.assistant.start(user_id=user_id, text=text, surface=surface, intent=intent)
        card = card_for(turn, services, client, user_id)
    respond(text=card.text, blocks=card.blocks, response_type="ephemeral", replace_original=False)
