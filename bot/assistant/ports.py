"""What the assistant needs from Slack, as a port: the Slack edge implements it, tests play it.

Every conversation lives in the person's direct messages with the bot, where
its card can be posted, updated in place and retired (`chat.postMessage`,
`chat.update`). Slash commands and @mentions only start or answer it; their
own reply is one plain line. Why: Slack never lets a slash command's reply be
replaced (its response_url posts a new ephemeral each time, at most 5 times
within 30 minutes), so a command card answered by typing would leave an
older card with live-looking buttons on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.engine.turn import Reply, Turn


@dataclass(frozen=True)
class CardPlace:
    """Where a conversation's card is: a message in the person's DM (and the thread it is in)."""

    channel_id: str
    ts: str
    thread_ts: str | None = None


@dataclass(frozen=True)
class ReplyTo:
    """Where a plain reply goes: a request's response_url, else an ephemeral in the channel, else the DM."""

    user_id: str
    response_url: str | None = None
    channel_id: str | None = None
    thread_ts: str | None = None


class Messenger(Protocol):
    def open_dm(self, user_id: str) -> str | None:
        """The person's DM channel with the bot (None when Slack refuses)."""
        ...

    def post_card(self, turn: Turn, *, user_id: str, channel_id: str, thread_ts: str | None = None) -> CardPlace | None:
        """Post a new card; None when Slack refused it (logged by the edge, status only)."""
        ...

    def update_card(self, turn: Turn, *, user_id: str, place: CardPlace) -> bool:
        """Redraw the card in place; False when Slack refused."""
        ...

    def retire_card(self, place: CardPlace) -> None:
        """Replace an old card by a line without buttons ("Continued below."); best effort."""
        ...

    def reply(self, to: ReplyTo, reply: Reply) -> bool:
        """A plain line for the person only; falls back to their DM. False when nothing reached them."""
        ...
