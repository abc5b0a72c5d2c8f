"""A staff member at the front desk, talking to the real assistant through a recording Slack.

`RecordingSlack` plays the assistant's Messenger port the way Slack behaves
for it: a DM per person, cards posted and updated in place (the latest
drawing of each is what the person sees), plain replies. `Desk` types
commands and DMs and presses buttons, each as a request value with a fresh
Slack id, exactly as the handlers would hand them over.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from bot.assistant import Assistant, CardPlace, ClickRequest, CommandRequest, MessageRequest, ReplyTo
from bot.engine import Action, Conversation
from bot.engine.turn import Reply, Turn

_ids = itertools.count(1)


def fresh_key() -> str:
    return f"T{next(_ids):08d}"


@dataclass
class RecordingSlack:
    cards: dict[str, Turn] = field(default_factory=dict)
    """Card ts -> its latest drawing."""
    order: list[tuple[str, str]] = field(default_factory=list)
    """(user, ts) of every card drawn or redrawn, in order."""
    replies: list[tuple[ReplyTo, Reply]] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    refuse_posts: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def open_dm(self, user_id: str) -> str | None:
        return "D" + user_id

    def post_card(self, turn: Turn, *, user_id: str, channel_id: str, thread_ts: str | None = None) -> CardPlace | None:
        if self.refuse_posts:
            return None
        with self._lock:
            ts = f"{next(self._ts)}.000100"
            self.cards[ts] = turn
            self.order.append((user_id, ts))
        return CardPlace(channel_id=channel_id, ts=ts, thread_ts=thread_ts)

    def update_card(self, turn: Turn, *, user_id: str, place: CardPlace) -> bool:
        with self._lock:
            self.cards[place.ts] = turn
            self.order.append((user_id, place.ts))
        return True

    def retire_card(self, place: CardPlace) -> None:
        with self._lock:
            self.retired.append(place.ts)
            self.cards.pop(place.ts, None)

    def reply(self, to: ReplyTo, reply: Reply) -> bool:
        with self._lock:
            self.replies.append((to, reply))
        return True

    def latest(self, user_id: str) -> Conversation | None:
        """The conversation on the card this person's Slack last drew."""
        with self._lock:
            drawn = [ts for user, ts in self.order if user == user_id and ts in self.cards]
            return self.cards[drawn[-1]].conversation if drawn else None

    def last_reply(self, user_id: str) -> Reply | None:
        with self._lock:
            mine = [reply for to, reply in self.replies if to.user_id == user_id]
            return mine[-1] if mine else None

    def live_cards(self, user_id: str) -> list[Conversation]:
        """Cards still on screen for this person (not retired), newest last."""
        with self._lock:
            seen: list[str] = []
            for user, ts in self.order:
                if user == user_id and ts in self.cards and ts not in seen:
                    seen.append(ts)
            return [conversation for ts in seen if (conversation := self.cards[ts].conversation) is not None]


@dataclass
class Desk:
    """One staff member; every action goes through `Assistant.accept` and `handle` like a real request."""

    assistant: Assistant
    slack: RecordingSlack
    user_id: str = "U1"
    channel_id: str = "C0FRONTDESK"

    def _send(self, request: Any) -> None:
        if self.assistant.accept(request):
            self.assistant.handle(request)

    def command_request(self, text: str, intent: str = "reschedule") -> CommandRequest:
        """The slash command as Slack sends it (a new trigger id each time)."""
        return CommandRequest(
            key=fresh_key(),
            user_id=self.user_id,
            intent=intent,  # type: ignore[arg-type]
            command=f"/{intent}",
            text=text,
            channel_id=self.channel_id,
            response_url="https://hooks.slack.invalid/commands/1",
        )

    def command(self, text: str, intent: str = "reschedule") -> Conversation | None:
        self._send(self.command_request(text, intent))
        return self.slack.latest(self.user_id)

    def dm(self, text: str, *, thread_ts: str | None = None) -> Conversation | None:
        self._send(
            MessageRequest(
                key=fresh_key(), user_id=self.user_id, text=text, channel_id="D" + self.user_id, thread_ts=thread_ts
            )
        )
        return self.slack.latest(self.user_id)

    def mention(self, text: str) -> Conversation | None:
        self._send(
            MessageRequest(key=fresh_key(), user_id=self.user_id, text=text, channel_id=self.channel_id, mention=True)
        )
        return self.slack.latest(self.user_id)

    def click(
        self, on: Conversation, kind: str, index: int | None = None, value: str | None = None
    ) -> Conversation | None:
        """Press a button drawn on `on` (at the version it was drawn); the card this person now sees."""
        self._send(
            ClickRequest(
                key=fresh_key(),
                user_id=self.user_id,
                conversation_id=on.id,
                version=on.version,
                action=Action(kind=kind, index=index, value=value),  # type: ignore[arg-type]
                channel_id="D" + on.user_id,
                response_url="https://hooks.slack.invalid/actions/1",
            )
        )
        return self.slack.latest(self.user_id)

    def hold_a_slot(self, text: str = "john smith to friday morning") -> Conversation:
        """Ask for a move and pick the first time offered: the conversation now holds that slot."""
        offered = self.command(text)
        assert offered is not None
        held = self.click(offered, "choose_slot", 0)
        assert held is not None and held.hold is not None
        return held

    @property
    def last_reply(self) -> Reply | None:
        return self.slack.last_reply(self.user_id)
