"""Buttons: a click on an old card, a second racing click, or someone else's click changes nothing."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from bot.domain import Appointment, Hold, Slot
from bot.engine import Conversation, Step
from bot.engine.turn import Stored
from bot.store import Store
from tests.core.conftest import JOHN, Clinic, Wrapped, assistant_for
from tests.core.desk import Desk, RecordingSlack


def _offered(desk: Desk) -> Conversation:
    offered = desk.command("john smith to friday morning")
    assert offered is not None and offered.step is Step.CHOOSE_SLOT
    return offered


def test_a_click_on_an_older_card_is_answered_already_handled_and_changes_nothing(
    clinic: Clinic, desk: Desk, store: Store
) -> None:
    offered = _offered(desk)
    held = desk.click(offered, "choose_slot", 0)
    assert held is not None and held.step is Step.CONFIRM
    holds_before = clinic.backend.calls["hold"]
    late = desk.click(offered, "choose_slot", 3)  # the old drawing, at version 1
    assert desk.last_reply is not None and desk.last_reply.kind == "already_handled"
    assert late == held, "the card on screen is unchanged"
    stored = store.get(held.id)
    assert stored is not None and stored.conversation == held
    assert clinic.backend.calls["hold"] == holds_before


def test_racing_confirm_clicks_apply_the_change_exactly_once(clinic: Clinic, desk: Desk, store: Store) -> None:
    held = desk.click(_offered(desk), "choose_slot", 0)
    assert held is not None and held.hold is not None
    barrier = threading.Barrier(6)

    def click() -> None:
        barrier.wait()
        desk.click(held, "confirm")

    threads = [threading.Thread(target=click) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = store.get(held.id)
    assert final is not None and final.conversation.step is Step.DONE
    assert clinic.backend.calls["reschedule"] == 1, "the booking system was asked once"
    assert clinic.appointment(JOHN).start == held.hold.slot.start
    assert len(store.audit_entries()) == 1
    refused = [reply for to, reply in desk.slack.replies if reply.kind == "already_handled"]
    assert len(refused) == 5, "every losing click is told it was already handled"


def test_a_click_by_someone_else_is_refused_and_writes_nothing(clinic: Clinic, desk: Desk, store: Store) -> None:
    offered = _offered(desk)
    before = store.get(offered.id)
    other = Desk(desk.assistant, desk.slack, user_id="U2")
    other.click(offered, "choose_slot", 0)
    assert other.last_reply is not None and other.last_reply.kind == "not_owner"
    after = store.get(offered.id)
    assert after == before, "neither the conversation nor where its card is drawn changed"
    assert clinic.backend.calls["hold"] == 0
    assert desk.slack.latest("U2") is None, "nothing of the patient's was drawn for the other person"


def test_a_click_on_a_forgotten_conversation_says_it_is_no_longer_open(desk: Desk, clinic: Clinic) -> None:
    ghost = _offered(desk).model_copy(update={"id": "gone"})
    desk.click(ghost, "confirm")
    assert desk.last_reply is not None and desk.last_reply.kind == "no_longer_open"


def test_a_click_on_a_finished_conversation_is_already_handled(clinic: Clinic, desk: Desk) -> None:
    stopped = desk.click(_offered(desk), "abort")
    assert stopped is not None and stopped.step is Step.CANCELLED_BY_USER
    again = desk.click(stopped, "choose_slot", 0)
    assert desk.last_reply is not None and desk.last_reply.kind == "already_handled"
    assert again == stopped
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


def signal_when_confirm_is_saved(store: Store, saved: threading.Event, monkeypatch: pytest.MonkeyPatch) -> None:
    original = store.save

    def save(*args: Any, **kwargs: Any) -> Stored | None:
        stored = original(*args, **kwargs)
        if stored is not None and stored.conversation.step is Step.CONFIRM:
            saved.set()
        return stored

    monkeypatch.setattr(store, "save", save)


def test_a_double_click_on_a_time_keeps_that_time_held_for_the_winning_click(
    clinic: Clinic, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = HoldsInTurn(clinic.sandbox)
    clinic.engine.backend = backend
    signal_when_confirm_is_saved(store, backend.first_saved, monkeypatch)
    slack = RecordingSlack()
    desk = Desk(assistant_for(clinic, store, slack), slack)
    offered = _offered(desk)
    threads = [threading.Thread(target=lambda: desk.click(offered, "choose_slot", 0)) for _ in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = store.get(offered.id)
    assert stored is not None and stored.conversation.step is Step.CONFIRM and stored.conversation.hold is not None
    assert not clinic.offered_to_others(stored.conversation.hold.slot), "the time on the confirm card is still held"
    assert slack.latest("U1") == stored.conversation, "the card shows the winning click's hold"
