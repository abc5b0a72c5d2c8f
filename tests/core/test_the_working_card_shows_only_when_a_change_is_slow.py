"""A Confirm goes straight to its outcome when the booking system answers quickly; "Working on it" shows
only when it is slow (WORKING_CARD_AFTER), and never lands over the outcome."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest

from bot.domain import Appointment, Hold
from bot.engine import Step
from bot.engine.turn import Turn
from bot.store import Store
from tests.core.conftest import Clinic, assistant_for
from tests.core.desk import Desk, RecordingSlack


@dataclass
class DrawingSlack(RecordingSlack):
    """Also remembers every step each card was drawn at, in order."""

    drawn: list[Step] = field(default_factory=list)

    def update_card(self, turn: Turn, **kwargs: object) -> bool:
        if turn.conversation is not None:
            self.drawn.append(turn.conversation.step)
        return super().update_card(turn, **kwargs)  # type: ignore[arg-type]


def _slow_reschedule(clinic: Clinic, seconds: float, seen: list[Step], slack: DrawingSlack) -> None:
    """The booking system takes `seconds` to move an appointment; notes what the card showed when asked."""
    moved = clinic.backend.reschedule

    def slowly(appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        seen.append(slack.drawn[-1])
        time.sleep(seconds)
        return moved(appointment, hold, idempotency_key=idempotency_key)

    clinic.backend.reschedule = slowly  # type: ignore[method-assign]


@pytest.fixture
def slack() -> DrawingSlack:
    return DrawingSlack()


def _confirm(clinic: Clinic, store: Store, slack: DrawingSlack, after: float) -> list[Step]:
    desk = Desk(assistant_for(clinic, store, slack, working_card_after=after), slack)
    held = desk.hold_a_slot()
    before = len(slack.drawn)
    done = desk.click(held, "confirm")
    assert done is not None and done.step is Step.DONE, "the card shows the outcome"
    return slack.drawn[before:]


def test_a_quick_change_goes_straight_from_confirm_to_its_outcome(
    clinic: Clinic, store: Store, slack: DrawingSlack
) -> None:
    assert _confirm(clinic, store, slack, after=5.0) == [Step.DONE]


@pytest.mark.parametrize(
    ("after", "vendor_seconds", "card_when_asked"),
    [
        (0.05, 0.6, Step.CONFIRM),  # slow booking system: the working card comes while it works
        (0.0, 0.0, Step.APPLYING),  # WORKING_CARD_AFTER=0: drawn at once, before the booking system is asked
    ],
    ids=["slow-change", "no-delay"],
)
def test_a_working_card_when_due_then_the_outcome(
    clinic: Clinic, store: Store, slack: DrawingSlack, after: float, vendor_seconds: float, card_when_asked: Step
) -> None:
    seen: list[Step] = []
    _slow_reschedule(clinic, vendor_seconds, seen, slack)
    assert _confirm(clinic, store, slack, after=after) == [Step.APPLYING, Step.DONE]
    assert seen == [card_when_asked]


def test_a_working_card_under_way_when_the_change_ends_lands_before_the_outcome_never_after() -> None:
    from bot.assistant.working import working_card_if_slow

    drawn: list[str] = []
    started = threading.Event()

    def draw_slowly() -> None:
        started.set()
        time.sleep(0.3)  # Slack is slow to take the working card
        drawn.append("working")

    with working_card_if_slow(draw_slowly, after=0.01):
        assert started.wait(2)
    drawn.append("outcome")
    assert drawn == ["working", "outcome"]
    late: list[str] = []
    with working_card_if_slow(lambda: late.append("working"), after=0.2):
        pass
    time.sleep(0.3)
    assert late == [], "a working card not yet started when the change ended is never drawn"
