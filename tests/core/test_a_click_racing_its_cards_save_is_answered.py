"""A click that reaches the bot before the save its card was drawn for is answered, not refused.

A new conversation's first card, and the fresh card a typed answer puts below the
person's words, are posted before their save (the row keeps where the card is,
which only Slack's answer gives). A click in those milliseconds (a fast hand, a
test harness, a script) used to be told "That request is no longer open" or
"already handled"; it now waits for the save and acts. So does an answer typed in
the DM the moment the card appears: with a channel-only allowlist it used to be
refused as "not allowed" (the DM is not on the list, and the conversation it
answers, started in an allowed channel, was not stored yet).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from bot.assistant import Access
from bot.assistant.ports import CardPlace
from bot.engine import Conversation
from bot.engine.turn import Turn
from bot.store import Store
from tests.core.conftest import Clinic, assistant_for
from tests.core.desk import Desk, RecordingSlack


@dataclass
class ClickedAsSoonAsShown(RecordingSlack):
    """Slack whose person presses a button on the first card the moment it is drawn, before the bot hears back."""

    desk: Desk | None = None
    on_post: int = 1
    """Which posted card is clicked the moment it is shown (1: a new conversation's first)."""
    outcome: list[Conversation | None] = field(default_factory=list)
    _posted: int = 0

    def post_card(self, turn: Turn, *, user_id: str, channel_id: str, thread_ts: str | None = None) -> CardPlace | None:
        place = super().post_card(turn, user_id=user_id, channel_id=channel_id, thread_ts=thread_ts)
        self._posted += 1
        if self._posted == self.on_post and turn.conversation is not None and self.desk is not None:
            shown, desk = turn.conversation, self.desk
            clicking = threading.Thread(target=lambda: self.outcome.append(desk.click(shown, "choose_slot", 0)))
            clicking.start()
            time.sleep(0.2)  # Slack's answer to the post is still on its way: the click is handled meanwhile
        return place


def _clicked_as_soon_as_shown(slack: ClickedAsSoonAsShown) -> None:
    deadline = time.monotonic() + 5
    while not slack.outcome and time.monotonic() < deadline:
        time.sleep(0.01)
    refused = [reply.kind for _, reply in slack.replies if reply.kind in ("no_longer_open", "already_handled")]
    assert refused == [], f"the click raced its card and was refused: {refused}"
    [held] = slack.outcome
    assert held is not None and held.hold is not None, "the click chose the first time offered"


def test_a_click_on_a_card_whose_conversation_is_not_stored_yet_chooses_the_time(clinic: Clinic, store: Store) -> None:
    slack = ClickedAsSoonAsShown()
    desk = slack.desk = Desk(assistant_for(clinic, store, slack), slack)
    assert desk.command("john smith to friday morning") is not None
    _clicked_as_soon_as_shown(slack)


def test_a_click_on_the_card_a_typed_answer_just_put_below_chooses_the_time(clinic: Clinic, store: Store) -> None:
    slack = ClickedAsSoonAsShown(on_post=2)
    desk = slack.desk = Desk(assistant_for(clinic, store, slack), slack)
    asked = desk.command("john smith")
    assert asked is not None and asked.step.value == "need_window", asked.step
    desk.dm("friday morning")
    _clicked_as_soon_as_shown(slack)


@dataclass
class TypedAsSoonAsShown(RecordingSlack):
    """Slack whose person types an answer in the DM the moment the first card is drawn."""

    desk: Desk | None = None
    outcome: list[Conversation | None] = field(default_factory=list)

    def post_card(self, turn: Turn, *, user_id: str, channel_id: str, thread_ts: str | None = None) -> CardPlace | None:
        place = super().post_card(turn, user_id=user_id, channel_id=channel_id, thread_ts=thread_ts)
        if len(self.order) == 1 and self.desk is not None:
            desk = self.desk
            threading.Thread(target=lambda: self.outcome.append(desk.dm("friday morning"))).start()
            time.sleep(0.2)  # Slack's answer to the post is still on its way: the DM is handled meanwhile
        return place


def test_an_answer_typed_in_the_dm_as_soon_as_a_channel_mentions_card_appears_is_allowed_and_answers_it(
    clinic: Clinic, store: Store
) -> None:
    slack = TypedAsSoonAsShown()
    only_the_front_desk = Access(frozenset(), frozenset({"C0FRONTDESK"}))
    desk = slack.desk = Desk(assistant_for(clinic, store, slack, access=only_the_front_desk), slack)
    asked = desk.mention("move john smith")
    assert asked is not None and asked.step.value == "need_window", asked.step
    deadline = time.monotonic() + 5
    while not slack.outcome and time.monotonic() < deadline:
        time.sleep(0.01)
    refused = [reply.kind for _, reply in slack.replies if reply.kind == "not_allowed"]
    assert refused == [], "the DM answering a conversation begun in an allowed channel was refused"
    [offered] = slack.outcome
    assert offered is not None and offered.step.value == "choose_slot", "the typed window was taken as the answer"


class SavedJustAfterTheRead:
    """A store whose first read of a conversation returns just as the card-ahead save it raced lands."""

    def __init__(self, inner: Store, assistant_ahead: object) -> None:
        self._inner, self._ahead, self._armed = inner, assistant_ahead, False

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    def arm(self) -> None:
        self._armed = True

    def get(self, conversation_id: str) -> object:
        found = self._inner.get(conversation_id)
        if self._armed:
            self._armed = False
            deadline = time.monotonic() + 5
            while self._ahead._saved and time.monotonic() < deadline:  # type: ignore[attr-defined]
                time.sleep(0.005)  # the save lands (and its wait ends) between this read and the click's wait
        return found


@dataclass
class ClickedWhileSaving(RecordingSlack):
    """Slack whose person clicks the fresh card a typed answer put below while its save is still to come."""

    desk: Desk | None = None
    store: SavedJustAfterTheRead | None = None
    outcome: list[Conversation | None] = field(default_factory=list)

    def post_card(self, turn: Turn, *, user_id: str, channel_id: str, thread_ts: str | None = None) -> CardPlace | None:
        place = super().post_card(turn, user_id=user_id, channel_id=channel_id, thread_ts=thread_ts)
        if len(self.order) == 2 and turn.conversation is not None and self.desk and self.store:
            shown, desk = turn.conversation, self.desk
            self.store.arm()
            threading.Thread(target=lambda: self.outcome.append(desk.click(shown, "choose_slot", 0))).start()
            time.sleep(0.1)  # the click reads the row (one version behind) before this save
        return place


def test_a_click_whose_cards_save_lands_between_its_read_and_its_wait_still_acts(clinic: Clinic, store: Store) -> None:
    slack = ClickedWhileSaving()
    assistant = assistant_for(clinic, store, slack)
    slack.store = assistant.store = SavedJustAfterTheRead(store, assistant._ahead)  # type: ignore[assignment]
    desk = slack.desk = Desk(assistant, slack)
    asked = desk.command("john smith")
    assert asked is not None and asked.step.value == "need_window", asked.step
    desk.dm("friday morning")
    _clicked_as_soon_as_shown(slack)  # type: ignore[arg-type]
