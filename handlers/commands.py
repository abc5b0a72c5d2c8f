"""Slash commands: /reschedule and /cancel. Each listener acknowledges, then hands the work to the background."""

from __future__ import annotations

from typing import Any, Literal

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.assistant import Turn
from bot.cli.services import Services
from bot.engine import Intent
from bot.views import not_allowed_card, usage_card
from handlers.drawing import card_for, ephemeral, retire


def register(app: App) -> None:
    app.command("/reschedule")(on_reschedule)
    app.command("/cancel")(on_cancel)


def on_reschedule(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    services.in_background(reschedule_command, command, respond, client, services, tell_person=ephemeral(respond))


def on_cancel(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    services.in_background(cancel_command, command, respond, client, services, tell_person=ephemeral(respond))


def reschedule_command(command: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    start_from_command(command, respond, client, services, "reschedule")


def cancel_command(command: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
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
        response_url = command.get("response_url")
        turn = _follow_up(user_id, text, intent, response_url, services)
        if turn is None:
            surface = {"kind": "command", "channel_id": channel_id, "response_url": response_url}
            turn = services.assistant.start(user_id=user_id, text=text, surface=surface, intent=intent)
        card = card_for(turn, services, client, user_id)
    respond(text=card.text, blocks=card.blocks, response_type="ephemeral", replace_original=False)


def _follow_up(
    user_id: str, text: str, intent: Literal["reschedule", "cancel"], response_url: str | None, services: Services
) -> Turn | None:
    """`/reschedule friday morning` while a /reschedule conversation waits for a time answers it.

    The answered conversation moves to this command's reply: its old card is
    retired and later redraws go through the new response_url.
    """
    assistant = services.assistant
    if assistant.is_new_request(text, intent, user_id=user_id, surface_kind="command"):
        return None
    before = services.store.active_for_user(user_id, surface_kind="command")
    turn = assistant.reply(user_id=user_id, text=text, surface_kind="command", intent=Intent(intent))
    if turn is None or turn.stale or turn.conversation is None:
        return turn
    if before is not None:
        retire(before.surface.get("response_url"))
    surface = {**turn.surface, "response_url": response_url}
    services.store.update_surface(turn.conversation.id, surface)
    return Turn(turn.conversation, surface)
