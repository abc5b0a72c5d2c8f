"""Where a conversation's card is drawn, and how a new drawing replaces the old one.

A conversation's card is one message in the person's DM. A click redraws it
in place; a typed answer gets a fresh card right below the person's words,
and the old one is retired (no buttons left on it). `surface` (stored with
the conversation) remembers the message; the store saves it in the same
compare-and-set as the conversation, so a turn costs one write.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.assistant.ports import CardPlace, Messenger
from bot.engine.turn import Surface, Turn

logger = logging.getLogger("bot.assistant")


def place_of(surface: Surface) -> CardPlace | None:
    channel, ts = surface.get("channel_id"), surface.get("ts")
    if not channel or not ts:
        return None
    return CardPlace(channel_id=str(channel), ts=str(ts), thread_ts=surface.get("thread_ts"))


def surface_for(place: CardPlace, *, origin_channel: str | None) -> Surface:
    """The stored surface: the DM message, and the channel the conversation was started from (for the allowlist)."""
    return {
        "kind": "dm",
        "channel_id": place.channel_id,
        "ts": place.ts,
        "thread_ts": place.thread_ts,
        "origin_channel": origin_channel,
    }


@dataclass
class Cards:
    messenger: Messenger

    def post(self, turn: Turn, *, user_id: str, dm: str, thread_ts: str | None, origin: str | None) -> Surface | None:
        """A new card in the DM; the surface to store, or None when Slack refused it."""
        place = self.messenger.post_card(turn, user_id=user_id, channel_id=dm, thread_ts=thread_ts)
        return None if place is None else surface_for(place, origin_channel=origin)

    def redraw(self, turn: Turn, *, user_id: str) -> bool:
        """The conversation's card redrawn in place (after a click, an expiry, an outcome)."""
        place = place_of(turn.surface)
        if place is None:
            return False
        return self.messenger.update_card(turn, user_id=user_id, place=place)

    def below(self, turn: Turn, *, user_id: str, thread_ts: str | None) -> Surface | None:
        """A fresh card below the person's typed answer, in the same DM (and thread); the old one is retired."""
        old = place_of(turn.surface)
        if old is None:
            return None
        thread = thread_ts or old.thread_ts
        # Retire first, so the person never sees two cards with live buttons, even for a moment.
        self.messenger.retire_card(old)
        place = self.messenger.post_card(turn, user_id=user_id, channel_id=old.channel_id, thread_ts=thread)
        if place is None:
            # Slack refused the new message: draw the turn where the old card was instead.
            self.messenger.update_card(turn, user_id=user_id, place=old)
            return None
        return surface_for(place, origin_channel=turn.surface.get("origin_channel"))

    def retire(self, surface: Surface) -> None:
        place = place_of(surface)
        if place is not None:
            self.messenger.retire_card(place)
