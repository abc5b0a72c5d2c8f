"""Idle requests expire and give their holds back; a new DM request replaces the open one; typed text goes to
the open conversation, or nowhere when there is none."""

from __future__ import annotations

from bot.assistant import UNKNOWN_REQUEST, Assistant, Turn
from bot.engine import Action, Step
from tests.core.conftest import Clinic

DM = {"kind": "dm", "channel_id": "D1"}
COMMAND = {"kind": "command", "response_url": "https://hooks.slack.invalid/1"}
EXPIRED = "This request timed out before it was confirmed. Nothing was changed; start again if needed."


def _held(assistant: Assistant, surface: dict[str, str] = DM, user: str = "U1") -> Turn:
    offered = assistant.start(user_id=user, text="move john smith to friday morning", surface=surface)
    assert offered.conversation is not None
    held = assistant.click(
        conversation_id=offered.conversation.id,
        version=offered.conversation.version,
        action=Action(kind="choose_slot", index=0),
        user_id=user,
    )
    assert held.conversation is not None and held.conversation.hold is not None
    return held


def test_sweep_expires_an_idle_conversation_and_gives_its_hold_back(clinic: Clinic, assistant: Assistant) -> None:
    held = _held(assistant)
    assert held.conversation is not None and held.conversation.hold is not None
    clinic.clock.advance(minutes=16)
    turns = assistant.sweep()
    assert [turn.conversation.id for turn in turns if turn.conversation] == [held.conversation.id]
    expired = turns[0].conversation
    assert expired is not None and expired.step is Step.EXPIRED and expired.outcome == EXPIRED
    assert expired.hold is None
    assert turns[0].surface == DM, "the card to redraw is known"
    assert clinic.offered_to_others(held.conversation.hold.slot)
    assert assistant.sweep() == [], "an expired conversation is not expired twice"


def test_sweep_leaves_a_conversation_that_is_still_in_use(clinic: Clinic, assistant: Assistant) -> None:
    held = _held(assistant)
    clinic.clock.advance(minutes=10)
    assert assistant.sweep() == []
    assert held.conversation is not None
    stored = assistant.store.get(held.conversation.id)
    assert stored is not None and stored.conversation.step is Step.CONFIRM


def test_a_click_after_the_idle_time_expires_the_conversation_instead_of_acting(
    clinic: Clinic, assistant: Assistant
) -> None:
    held = _held(assistant)
    assert held.conversation is not None and held.conversation.hold is not None
    clinic.clock.advance(minutes=15)
    turn = assistant.click(
        conversation_id=held.conversation.id,
        version=held.conversation.version,
        action=Action(kind="confirm"),
        user_id="U1",
    )
    assert turn.conversation is not None and turn.conversation.step is Step.EXPIRED
    assert clinic.backend.calls["reschedule"] == 0
    assert clinic.offered_to_others(held.conversation.hold.slot)


def test_a_typed_answer_after_the_idle_time_finds_no_open_conversation(clinic: Clinic, assistant: Assistant) -> None:
    asked = assistant.start(user_id="U1", text="reschedule john smith", surface=DM)
    assert asked.conversation is not None and asked.conversation.step is Step.NEED_WINDOW
    clinic.clock.advance(minutes=20)
    assert assistant.reply(user_id="U1", text="friday morning") is None
    stored = assistant.store.get(asked.conversation.id)
    assert stored is not None and stored.conversation.step is Step.EXPIRED


def test_a_new_dm_request_stops_the_open_dm_conversation_and_gives_its_hold_back(
    clinic: Clinic, assistant: Assistant
) -> None:
    held = _held(assistant)
    assert held.conversation is not None and held.conversation.hold is not None
    new = assistant.start(user_id="U1", text="cancel maria lopez", surface=DM)
    assert new.previous is not None
    assert new.previous.conversation.id == held.conversation.id
    assert new.previous.conversation.step is Step.CANCELLED_BY_USER
    stored = assistant.store.get(held.conversation.id)
    assert stored is not None and stored.conversation.step is Step.CANCELLED_BY_USER
    assert clinic.offered_to_others(held.conversation.hold.slot)
    active = assistant.store.active_for_user("U1", surface_kind="dm")
    assert active is not None and new.conversation is not None and active.conversation.id == new.conversation.id


def test_a_new_dm_request_leaves_another_persons_and_slash_command_conversations_alone(
    clinic: Clinic, assistant: Assistant
) -> None:
    theirs = _held(assistant, user="U2")
    command = assistant.start(user_id="U1", text="reschedule maria lopez", surface=COMMAND)
    new = assistant.start(user_id="U1", text="cancel john smith", surface=DM)
    assert new.previous is None
    for turn in (theirs, command):
        assert turn.conversation is not None
        stored = assistant.store.get(turn.conversation.id)
        assert stored is not None and not stored.conversation.is_final


def test_typed_text_answers_the_open_dm_conversation(assistant: Assistant) -> None:
    asked = assistant.start(user_id="U1", text="reschedule john smith", surface=DM)
    turn = assistant.reply(user_id="U1", text="friday morning")
    assert turn is not None and turn.conversation is not None and asked.conversation is not None
    assert turn.conversation.id == asked.conversation.id
    assert turn.conversation.step is Step.CHOOSE_SLOT
    assert turn.conversation.version == asked.conversation.version + 1


def test_typed_text_with_no_open_conversation_returns_none(assistant: Assistant) -> None:
    assert assistant.reply(user_id="U1", text="friday morning") is None
    stopped = assistant.start(user_id="U1", text="cancel john smith", surface=DM)
    assert stopped.conversation is not None
    assert assistant.reply(user_id="U1", text="never mind") is not None
    assert assistant.reply(user_id="U1", text="friday morning") is None, "a finished conversation takes no answers"


def test_a_request_that_is_neither_reschedule_nor_cancel_is_answered_with_examples(assistant: Assistant) -> None:
    turn = assistant.start(user_id="U1", text="what's the weather like", surface=DM)
    assert turn.conversation is None and turn.message == UNKNOWN_REQUEST
    assert assistant.store.active_for_user("U1") is None


def test_sweep_never_expires_a_change_that_is_being_applied(clinic: Clinic, assistant: Assistant) -> None:
    held = _held(assistant)
    assert held.conversation is not None
    applying = clinic.engine.act(held.conversation, Action(kind="confirm"), clinic.clock())
    assert assistant.store.save(applying, expected_version=held.conversation.version) is not None
    clinic.clock.advance(hours=2)
    assert assistant.sweep() == []
    stored = assistant.store.get(applying.id)
    assert stored is not None and stored.conversation.step is Step.APPLYING
    assert clinic.backend.calls["release"] == 0


def test_text_naming_an_action_and_a_patient_starts_afresh_and_anything_else_answers(assistant: Assistant) -> None:
    assert assistant.is_new_request("cancel maria lopez")
    assert assistant.is_new_request("maria lopez", intent="reschedule")
    assert not assistant.is_new_request("friday morning")
    assert not assistant.is_new_request("the one on thursday")
