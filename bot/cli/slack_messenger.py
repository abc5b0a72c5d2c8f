"""The assistant's Messenger port, played by Slack's Web API and response_urls.

Every answer is checked: a refused post is logged with Slack's error code or
the HTTP status (never the content, which names patients) and the person is
reached another way — a response_url that fails falls back to an ephemeral in
the channel, then to the DM. Slack's rules this lives by: a response_url
takes at most 5 posts within 30 minutes (we use each once), ephemerals can't
be chat.update'd (so cards live in the DM), and a slash command's reply can
never be replaced (so it is one plain line).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.assistant.ports import CardPlace, ReplyTo
from bot.cli.metrics import Metrics
from bot.cli.zones import UserZones
from bot.domain import Clock
from bot.engine.turn import Reply, Turn
from bot.views import Card, render, render_reply

logger = logging.getLogger("bot.slack")

CONTINUED_BELOW = "Continued below."


@dataclass
class SlackMessenger:
    client: WebClient
    zones: UserZones
    clock: Clock
    metrics: Metrics = field(default_factory=Metrics)
    webhook: Callable[[str], WebhookClient] = lambda url: WebhookClient(url, timeout=10)
    """A response_url's client (wiring passes one over the Web API client's kept-alive connections)."""
    _dms: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _zone(self, user_id: str) -> ZoneInfo:
        return self.zones.zone_for(self.client, user_id)

    def _card(self, turn: Turn, user_id: str) -> Card:
        if turn.conversation is not None:  # an ended conversation is counted by its outcome once, however drawn
            self.metrics.outcome_drawn(turn.conversation)
        zone = self._zone(user_id)
        return render(turn, zone, today=self.clock().astimezone(zone).date())

    def open_dm(self, user_id: str) -> str | None:
        if not user_id:  # seen once under heavy load in the two-replica test; Slack would answer invalid_users
            logger.warning("no DM opened: the request named no user")
            return None
        with self._lock:
            known = self._dms.get(user_id)
        if known:
            return known
        try:
            channel = str(self.client.conversations_open(users=user_id)["channel"]["id"])
        except SlackApiError as error:
            logger.warning("conversations.open refused: %s", self._refused("conversations.open", error))
            return None
        with self._lock:
            self._dms[user_id] = channel
        return channel

    def post_card(self, turn: Turn, *, user_id: str, channel_id: str, thread_ts: str | None = None) -> CardPlace | None:
        card = self._card(turn, user_id)
        try:
            response = self.client.chat_postMessage(
                channel=channel_id, text=card.text, blocks=card.blocks, thread_ts=thread_ts
            )
        except SlackApiError as error:
            logger.warning("chat.postMessage refused a card: %s", self._refused("chat.postMessage", error))
            return None
        self.metrics.card_drawn("posted")
        return CardPlace(channel_id=str(response["channel"]), ts=str(response["ts"]), thread_ts=thread_ts)

    def update_card(self, turn: Turn, *, user_id: str, place: CardPlace) -> bool:
        card = self._card(turn, user_id)
        try:
            self.client.chat_update(channel=place.channel_id, ts=place.ts, text=card.text, blocks=card.blocks)
        except SlackApiError as error:
            logger.warning("chat.update refused a card: %s", self._refused("chat.update", error))
            return False
        self.metrics.card_drawn("updated")
        return True

    def retire_card(self, place: CardPlace) -> None:
        try:
            self.client.chat_update(channel=place.channel_id, ts=place.ts, text=CONTINUED_BELOW, blocks=[])
        except SlackApiError as error:  # an old card left drawn only has stale buttons, which change nothing
            logger.info("could not retire an old card: %s", self._refused("chat.update", error))

    def reply(self, to: ReplyTo, reply: Reply) -> bool:
        zone = self._zone(to.user_id)
        card = render_reply(reply, zone)
        if to.response_url and self._via_response_url(to.response_url, card):
            return True
        if to.channel_id and not to.channel_id.startswith("D") and self._ephemeral(to, card):
            return True
        channel = to.channel_id if to.channel_id and to.channel_id.startswith("D") else self.open_dm(to.user_id)
        if channel is None:
            return False
        try:
            self.client.chat_postMessage(channel=channel, text=card.text, blocks=card.blocks, thread_ts=to.thread_ts)
        except SlackApiError as error:
            logger.warning("could not reach the person in their DM: %s", self._refused("chat.postMessage", error))
            return False
        return True

    def _via_response_url(self, url: str, card: Card) -> bool:
        try:
            response = self.webhook(url).send(
                text=card.text, blocks=card.blocks, response_type="ephemeral", replace_original=False
            )
        except OSError as error:
            logger.warning("response_url post failed: %s", type(error).__name__)
            return False
        if response.status_code != 200:
            logger.warning("response_url post refused: HTTP %s", response.status_code)
            self.metrics.slack_refused("response_url", str(response.status_code))
            return False
        return True

    def _ephemeral(self, to: ReplyTo, card: Card) -> bool:
        assert to.channel_id is not None
        try:
            self.client.chat_postEphemeral(
                channel=to.channel_id, user=to.user_id, text=card.text, blocks=card.blocks, thread_ts=to.thread_ts
            )
        except SlackApiError as error:
            logger.warning("chat.postEphemeral refused: %s", self._refused("chat.postEphemeral", error))
            return False
        return True

    def _refused(self, method: str, error: SlackApiError) -> str:
        """Count Slack's refusal of `method`; its error code, for the log line."""
        code = _code(error)
        self.metrics.slack_refused(method, code)
        return code


def _code(error: SlackApiError) -> str:
    """Slack's error code ('not_in_channel'), or the HTTP status: never the message's content."""
    response = error.response
    code = response.get("error") if hasattr(response, "get") else None
    return str(code or getattr(response, "status_code", "unknown"))
