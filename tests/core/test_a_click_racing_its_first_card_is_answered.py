"""A click that reaches the bot before its card's conversation is stored is answered, not refused.

The first card is posted before the conversation's row is inserted (the row keeps
where the card is, which only Slack's answer gives). A click in those milliseconds
(a fast hand, a test harness, a script) used to be told "That request is no
longer open"; it now waits for the insert and acts.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from bot.assistant.ports import CardPlace
from bot.engine import Conversation
from bot.engine.turn import Reply, Turn
from bot.store import Store
from tests.core.conftest import Clinic, assistant_for
from tests.core.desk import Desk, RecordingSlack


@dataclass
class ClickedAsSoonAsShown(RecordingSlack):
    """Slack whose person presses a button on the first card the moment it is drawn, before the bot hears back."""

    desk: Desk | None = None
    outcome: list[Conversation | None] = field(default_factory=list)
    _clicked: bool = False

    def post_card(self, turn: Turn, *, user_id: str, channel_id: str, thread_ts: str | None = None) -> CardPlace | None:
        place = super().post_card(turn, user_id=user_id, channel_id=channel_id, thread_ts=thread_ts)
        if not self._clicked and turn.conversation is not None and self.desk is not None:
            self._clicked = True
            shown, desk = turn.conversation, self.desk
            clicking = threading.Thread(target=lambda: self.outcome.append(desk.click(shown, "choose_slot", 0)))
            clicking.start()
            time.sleep(0.2)  # Slack's answer to the post is still on its way: the click is handled meanwhile
        return place


def test_a_click_on_a_card_whose_conversation_is_not_stored_yet_chooses_the_time(clinic: Clinic, store: Store) -> None:
    slack = ClickedAsSoonAsShown()
    desk = Desk(assistant_for(clinic, store, slack), slack)
    slack.desk = desk

    offered = desk.command("john smith to friday morning")
    deadline = time.monotonic() + 5
    while not slack.outcome and time.monotonic() < deadline:
        time.sleep(0.01)

    assert offered is not None
    refused = [reply for _, reply in slack.replies if reply == Reply(kind="no_longer_open")]
    assert refused == [], "the click raced its card and was told the request is no longer open"
    [held] = slack.outcome
    assert held is not None and held.hold is not None, "the click chose the first time offered"
