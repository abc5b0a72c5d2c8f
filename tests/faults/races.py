"""Two staff members, two different new times for one appointment, Confirm pressed by both at the same moment.

What counts: how often the appointment was changed twice (two `applied` audit
rows, two people told "Moved", or the booking system taking two changes), and
what the one who lost was told. Shared by benchmarks/two_staff_races.py and
tests/faults/test_matrix_two_staff_races.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from tests.e2e.harness import Card
from tests.faults.rig import Desk, applied_rows, at_once, told


@dataclass(frozen=True)
class Race:
    trial: int
    applied: int
    """`applied` audit rows the two confirms wrote for the appointment."""
    told_moved: int
    """How many of the two were told the appointment was moved."""
    vendor_changes: int
    """Changes the booking system took in the trial (-1: the sandbox keeps no call log)."""
    moved: bool
    loser: str
    """What the one who did not win was told (the first words of their card)."""

    @property
    def changed_twice(self) -> bool:
        return self.applied > 1 or self.told_moved > 1 or self.vendor_changes > 1


def race(desk: Desk, trial: int, *, staggered: bool = False) -> Race:
    """One trial: both staff hold a different time for the same appointment, then both press Confirm together.

    `staggered`: the second presses Confirm only once the first has been answered, so no claim
    is held any more and only the write itself (conditional, or re-read first) can refuse.
    """
    first, second = desk.first, desk.second
    before_where = desk.diary.where()
    mine = desk.up_to_confirm(first, trial, which=0)
    theirs = desk.up_to_confirm(second, trial, which=1)
    audit_before = len(desk.audit())
    changes_before = desk.diary.changes_made()
    if staggered:
        won = first.click(mine, "Confirm")
        _recorded(desk, audit_before, shown=1)
        cards: list[Card | BaseException] = [won, second.click(theirs, "Confirm")]
    else:
        cards = at_once(lambda: first.click(mine, "Confirm"), lambda: second.click(theirs, "Confirm"))
    moved_cards = [card for card in cards if not isinstance(card, BaseException) and "Moved" in card.shown]
    losers = [card for card in cards if card not in moved_cards]
    changes_after = desk.diary.changes_made()
    return Race(
        trial=trial,
        applied=_recorded(desk, audit_before, shown=len(moved_cards)),
        told_moved=len(moved_cards),
        vendor_changes=-1 if changes_before < 0 else changes_after - changes_before,
        moved=desk.diary.where() != before_where,
        loser=told(losers[0]) if losers else "nobody lost",
    )


def _recorded(desk: Desk, audit_before: int, *, shown: int, timeout: float = 5.0) -> int:
    """The `applied` rows since `audit_before`, once there are as many as outcomes `shown` (or `timeout` passed).

    An outcome's card is drawn a moment before it is recorded (bot/assistant/assistant.py): a card that says
    "Moved" has its audit row a few milliseconds later.
    """
    deadline = time.monotonic() + timeout
    while (found := len(applied_rows(desk.audit(), audit_before))) < shown and time.monotonic() < deadline:
        time.sleep(0.02)
    return found
