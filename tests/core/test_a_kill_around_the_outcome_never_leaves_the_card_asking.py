"""A kill -9 a moment after a change was made: the person's card ends up showing the outcome, never still
asking "Move this appointment?" about a change the booking system already took.

The outcome's card is drawn just before the outcome is recorded. A kill between the two leaves the
conversation in `applying`, which the next start reads back from the booking system, records (audited,
once) and draws again. The other order had a window where the record was made and the card never redrawn,
and nothing afterwards would redraw it.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.assistant import housekeeping
from bot.engine import Conversation, Step
from bot.store import Store
from tests.core.conftest import Clinic, assistant_for
from tests.core.desk import Desk, RecordingSlack


class Killed(BaseException):
    """The process dying at this point: nothing after it runs, nothing catches it."""


def _recording_outcomes(store: Store, monkeypatch: pytest.MonkeyPatch, then: Any) -> None:
    """Call `then(conversation)` whenever the store is about to record a conversation leaving `applying`."""
    save = store.save

    def saving(conversation: Conversation, **kwargs: Any) -> Any:
        if conversation.is_final:
            then(conversation)
        return save(conversation, **kwargs)

    monkeypatch.setattr(store, "save", saving)


def test_when_the_outcome_is_recorded_the_person_already_sees_it(
    desk: Desk, store: Store, slack: RecordingSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = desk.hold_a_slot()
    seen_at_record: list[Conversation | None] = []
    _recording_outcomes(store, monkeypatch, lambda _: seen_at_record.append(slack.latest("U1")))
    done = desk.click(held, "confirm")
    assert done is not None and done.step is Step.DONE
    [seen] = seen_at_record
    assert seen is not None and seen.step is Step.DONE, "a kill right after the record leaves the outcome on screen"
    assert seen.version == done.version, "drawn for the version its record makes"


def test_a_kill_between_showing_and_recording_is_read_back_recorded_once_and_drawn_again(
    clinic: Clinic, desk: Desk, store: Store, slack: RecordingSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = desk.hold_a_slot()

    def kill(_: Conversation) -> None:
        raise Killed

    _recording_outcomes(store, monkeypatch, kill)
    with pytest.raises(Killed):
        desk.click(held, "confirm")
    monkeypatch.undo()
    shown = slack.latest("U1")
    assert shown is not None and shown.step is Step.DONE, "the person was told before the kill"
    stored = store.get(held.id)
    assert stored is not None and stored.conversation.step is Step.APPLYING
    assert store.audit_entries() == []

    started = clinic.clock.advance(seconds=1)  # the next process starts
    restarted = assistant_for(clinic, store, slack)
    clinic.clock.advance(seconds=housekeeping.IN_VENDOR_HANDS.total_seconds())
    [turn] = housekeeping.reconcile(restarted, predecessor_died_before=started)
    assert turn.conversation is not None and turn.conversation.step is Step.DONE
    assert [entry.outcome for entry in store.audit_entries()] == ["applied"]
    assert clinic.backend.calls["reschedule"] == 1, "read back, never asked again"
    redrawn = slack.latest("U1")
    assert redrawn is not None and redrawn.step is Step.DONE and redrawn.version == turn.conversation.version
