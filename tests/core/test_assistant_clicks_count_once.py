"""Buttons: a click on an old card, a second racing click, or someone else's click changes nothing."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.assistant import Assistant, Turn
from bot.domain import Appointment, Hold, Slot
from bot.engine import Action, Step
from bot.store.sqlite import SQLiteStore as Store
from tests.core.conftest import JOHN, PARSE, Clinic, Wrapped

DM = {"kind": "dm", "channel_id": "D1"}


def _offered(assistant: Assistant, user: str = "U1") -> Turn:
    turn = assistant.start(user_id=user, text="move john smith to friday morning", surface=DM)
    assert turn.conversation is not None and turn.conversation.step is Step.CHOOSE_SLOT
    return turn


def _click(assistant: Assistant, turn: Turn, kind: str, index: int | None = None, user: str = "U1") -> Turn:
    assert turn.conversation is not None
    conversation = turn.conversation
    return assistant.click(
        conversation_id=conversation.id,
        version=conversation.version,
        action=Action(kind=kind, index=index),  # type: ignore[arg-type]
        user_id=user,
    )


def test_a_click_on_an_older_card_is_stale_and_changes_nothing(clinic: Clinic, assistant: Assistant) -> None:
    offered = _offered(assistant)
    held = _click(assistant, offered, "choose_slot", 0)
    assert held.conversation is not None and held.conversation.step is Step.CONFIRM
    holds_before = clinic.backend.calls["hold"]
    late = _click(assistant, offered, "choose_slot", 3)  # the old card, drawn at version 1
    assert late.stale
    assert late.conversation == held.conversation, "the card is redrawn as it now is"
    stored = assistant.store.get(held.conversation.id)
    assert stored is not None and stored.conversation == held.conversation
    assert clinic.backend.calls["hold"] == holds_before


def test_racing_confirm_clicks_apply_the_change_exactly_once(clinic: Clinic, assistant: Assistant) -> None:
    held = _click(assistant, _offered(assistant), "choose_slot", 0)
    assert held.conversation is not None and held.conversation.hold is not None
    barrier = threading.Barrier(6)
    turns: list[Turn] = []

    def click() -> None:
        barrier.wait()
        turns.append(_click(assistant, held, "confirm"))

    threads = [threading.Thread(target=click) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    finished = [turn for turn in turns if not turn.stale]
    assert len(finished) == 1
    assert finished[0].conversation is not None and finished[0].conversation.step is Step.DONE
    assert clinic.backend.calls["reschedule"] == 1, "the booking system was asked once"
    assert clinic.appointment(JOHN).start == held.conversation.hold.slot.start
    assert len(assistant.store.audit_entries()) == 1


def test_a_click_by_someone_else_is_refused_and_changes_nothing(clinic: Clinic, assistant: Assistant) -> None:
    offered = _offered(assistant)
    refused = _click(assistant, offered, "choose_slot", 0, user="U2")
    assert refused.message == "Only the person who started this request can use these buttons."
    assert refused.conversation is None
    assert offered.conversation is not None
    stored = assistant.store.get(offered.conversation.id)
    assert stored is not None and stored.conversation == offered.conversation
    assert clinic.backend.calls["hold"] == 0


def test_a_click_on_a_forgotten_conversation_says_it_is_no_longer_open(assistant: Assistant) -> None:
    turn = assistant.click(conversation_id="gone", version=1, action=Action(kind="confirm"), user_id="U1")
    assert turn.message is not None and turn.message.startswith("That request is no longer open.")


def test_a_click_on_a_finished_conversation_is_stale(clinic: Clinic, assistant: Assistant) -> None:
    stopped = _click(assistant, _offered(assistant), "abort")
    assert stopped.conversation is not None and stopped.conversation.step is Step.CANCELLED_BY_USER
    again = _click(assistant, stopped, "choose_slot", 0)
    assert again.stale and again.conversation == stopped.conversation
    assert clinic.backend.calls["hold"] == 0


@dataclass
class HoldsInTurn(Wrapped):
    """Lets two clicks on the same time both reach the booking system before either is saved, first click first."""

    turn_lock: threading.Lock = field(default_factory=threading.Lock)
    arrivals: int = 0
    first_held: threading.Event = field(default_factory=threading.Event)
    second_held: threading.Event = field(default_factory=threading.Event)
    first_saved: threading.Event = field(default_factory=threading.Event)

    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        with self.turn_lock:
            order, self.arrivals = self.arrivals, self.arrivals + 1
        if order == 0:
            made = super().hold(appointment, slot, now=now)
            self.first_held.set()
            assert self.second_held.wait(5)
            return made
        assert self.first_held.wait(5)
        made = super().hold(appointment, slot, now=now)
        self.second_held.set()
        assert self.first_saved.wait(5), "the first click's save goes first"
        return made


class SignallingStore(Store):
    saved: threading.Event

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        stored = super().save(*args, **kwargs)
        if stored is not None:
            self.saved.set()
        return stored


def test_a_double_click_on_a_time_keeps_that_time_held_for_the_winning_click(clinic: Clinic, tmp_path: Path) -> None:
    backend = HoldsInTurn(clinic.sandbox)
    clinic.engine.backend = backend
    store = SignallingStore(clinic.db_path)
    store.saved = backend.first_saved
    assistant = Assistant(clinic.engine, store, PARSE, clock=clinic.clock)
    offered = _offered(assistant)
    turns: list[Turn] = []
    threads = [
        threading.Thread(target=lambda: turns.append(_click(assistant, offered, "choose_slot", 0))) for _ in "ab"
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(turn.stale for turn in turns) == [False, True]
    assert offered.conversation is not None
    stored = store.get(offered.conversation.id)
    assert stored is not None and stored.conversation.step is Step.CONFIRM and stored.conversation.hold is not None
    assert not clinic.offered_to_others(stored.conversation.hold.slot), "the time on the confirm card is still held"
