"""Put a turn's card where its conversation lives.

Command conversations are ephemeral: the first card is the command's reply and
every later card replaces it through the click's own response_url. DM
conversations are a bot message in the person's DM, redrawn with chat.update.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.assistant import Turn
from bot.cli.services import Services
from bot.views import Card, message_card, render

logger = logging.getLogger(__name__)

ALREADY_HANDLED = "That button was already handled — nothing changed."
CONTINUED_BELOW = "Continued below."


def card_for(turn: Turn, services: Services, client: WebClient, user_id: str) -> Card:
    return render(turn, services.zones.zone_for(client, user_id))


def redraw(turn: Turn, services: Services, client: WebClient, *, user_id: str, respond: Respond | None = None) -> None:
    """Redraw a conversation's card in place (after a click, a typed answer, an expiry)."""
    if turn.stale:
        note = message_card(ALREADY_HANDLED)
        if respond is not None:
            respond(text=note.text, blocks=note.blocks, replace_original=False, response_type="ephemeral")
        return
    card = card_for(turn, services, client, user_id)
    surface = turn.surface
    if turn.conversation is None:
        if respond is not None:
            respond(text=card.text, blocks=card.blocks, replace_original=False, response_type="ephemeral")
        return
    if surface.get("kind") == "dm" and surface.get("ts"):
        try:
            client.chat_update(channel=surface["channel_id"], ts=surface["ts"], text=card.text, blocks=card.blocks)
        except SlackApiError as error:
            logger.warning(
                "chat.update failed for conversation %s: %s", turn.conversation.id, error.response.get("error")
            )
        return
    if respond is not None:
        respond(text=card.text, blocks=card.blocks, replace_original=True, response_type="ephemeral")
        return
    response_url = surface.get("response_url")
    if response_url:
        WebhookClient(response_url).send(text=card.text, blocks=card.blocks, replace_original=True)


def ephemeral(respond: Respond) -> Callable[[str], object]:
    """A plain ephemeral line through the request's response_url, leaving the card as it is."""
    return lambda text: respond(text=text, response_type="ephemeral", replace_original=False)


def retire(response_url: str | None) -> None:
    """Replace an ephemeral card whose conversation continues in a newer card; best effort."""
    if not response_url:
        return
    try:
        WebhookClient(response_url).send(text=CONTINUED_BELOW, blocks=[], replace_original=True)
    except Exception as error:  # an old card left drawn only has stale buttons, which change nothing
        logger.info("could not retire an old card: %s", type(error).__name__)


def post_in_dm(turn: Turn, services: Services, client: WebClient, *, user_id: str, channel_id: str) -> None:
    """Draw a new DM conversation's first card and remember where it is."""
    card = card_for(turn, services, client, user_id)
    response = client.chat_postMessage(channel=channel_id, text=card.text, blocks=card.blocks)
    if turn.conversation is not None:
        surface = {**turn.surface, "channel_id": response["channel"], "ts": response["ts"]}
        services.store.update_surface(turn.conversation.id, surface)
