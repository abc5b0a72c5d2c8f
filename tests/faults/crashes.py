"""kill -9 right after a slash command's HTTP 200, a restart, and what the person ends up with.

Slack never resends a slash command, so once the ack went out the request
lives only in the bot's inbox. After the restart the person must get the card
the command asked for, or a DM saying it was interrupted; "lost" is neither.
An orphan is a card whose buttons lead nowhere (posted, but its conversation
never saved). Shared by benchmarks/kill_after_ack.py and tests/faults/.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from tests.e2e.harness import CARD_TIMEOUT, Card
from tests.faults.rig import Desk

INTERRUPTED = "was interrupted by a restart"
LIVE_AFTER_CLICK = ("Move this appointment?", "Held until")


@dataclass(frozen=True)
class Crash:
    trial: int
    delay_ms: int
    outcome: str
    """'card' (the command's card, usable), 'interrupted' (told so in a DM), 'lost', or 'orphan card'."""
    dead_cards: int
    """Cards this trial left showing buttons that lead nowhere (posted by the killed process, never saved)."""

    @property
    def lost(self) -> bool:
        return self.outcome == "lost"


def kill_after_ack(desk: Desk, trial: int, delay: float) -> Crash:
    """Send /reschedule, kill -9 the bot `delay` s after its HTTP 200, restart it, and see what arrives."""
    staff = desk.first
    before = len(staff.dm_cards())
    live_before = len(staff.cards_with_buttons())
    staff.send_command("/reschedule", desk.diary.reschedule_text(trial))
    time.sleep(delay)
    desk.bot.crash()
    desk.restart()
    arrived = desk.slack.wait_for(lambda: _settled(staff.dm_cards()[before:]), timeout=CARD_TIMEOUT)
    new = [Card.of(message) for message in staff.dm_cards()[before:]]
    outcome = "lost"
    if arrived and any(INTERRUPTED in card.shown for card in new):
        outcome = "interrupted"
    elif arrived:
        offered = Card.of(staff.dm_cards()[-1])
        picked = staff.click(offered, offered.labels[0]) if offered.buttons else offered
        outcome = "card" if any(words in picked.shown for words in LIVE_AFTER_CLICK) else "orphan card"
    # One live card is expected: the command's own (the previous trial's was redrawn without buttons).
    dead = len(staff.cards_with_buttons()) - live_before - (0 if live_before else 1)
    return Crash(trial, round(delay * 1000), outcome, max(dead, 0))


def _settled(messages: list[dict[str, object]]) -> bool:
    cards = [Card.of(message) for message in messages]
    return any(INTERRUPTED in card.shown or card.buttons for card in cards)
