"""Idle requests expire and give their holds back; a new request replaces the open one; typed text goes to
the open conversation, or starts afresh when it is a new request."""

from __future__ import annotations

from datetime import timedelta

from bot.assistant import housekeeping
from bot.assistant.assistant import Assistant
from bot.engine import Action, Conversation, Step
from bot.store import Store
from tests.core.conftest import Clinic
from tests.core.desk import Desk

EXPIRED = "This request timed out before it was confirmed. Nothing was changed; start again if needed."


def _sweep(assistant: Assistant) -> list[Conversation]:
    turns = housekeeping.sweep(assistant, conversation_retention=timedelta(days=1), inbox_retention=timedelta(days=1))
    return [turn.conversation for turn in turns if turn.conversation is not None]


def test_sweep_expires_an_idle_conversation_redraws_its_card_and_gives_its_hold_back(
    clinic: Clinic, desk: Desk, assistant: Assistant
) -> None:
    held = desk.hold_a_slot()
    clinic.clock.advance(minutes=16)
    [expired] = _sweep(assistant)
    assert expired.id == held.id and expired.step is Step.EXPIRED and expired.hold is None
    assert desk.slack.latest("U1") == expired, "the card on screen now says it expired, without buttons"
    assert clinic.offered_to_others(held.hold.slot)  # type: ignore[union-attr]
    clinic.clock.advance(minutes=3)  # the sweeper's lease has lapsed: the next sweep runs
    assert _sweep(assistant) == [], "an expired conversation is not expired twice"


def test_sweep_leaves_a_conversation_that_is_still_in_use(clinic: Clinic, desk: Desk, assistant: Assistant) -> None:
    held = desk.hold_a_slot()
    clinic.clock.advance(minutes=10)
    assert _sweep(assistant) == []
    stored = assistant.store.get(held.id)
    assert stored is not None and stored.conversation.step is Step.CONFIRM


def test_a_click_after_the_idle_time_expires_the_conversation_instead_of_acting(clinic: Clinic, desk: Desk) -> None:
    held = desk.hold_a_slot()
    clinic.clock.advance(minutes=15)
    turned = desk.click(held, "confirm")
    assert turned is not None and turned.step is Step.EXPIRED
    assert clinic.backend.calls["reschedule"] == 0
    assert clinic.offered_to_others(held.hold.slot)  # type: ignore[union-attr]


def test_a_typed_answer_after_the_idle_time_expires_the_old_one_and_reads_as_a_new_request(
    clinic: Clinic, desk: Desk, store: Store
) -> None:
    asked = desk.command("john smith")
    assert asked is not None and asked.step is Step.NEED_WINDOW
    clinic.clock.advance(minutes=20)
    desk.dm("friday morning")
    stored = store.get(asked.id)
    assert stored is not None and stored.conversation.step is Step.EXPIRED
    assert desk.last_reply is not None and desk.last_reply.kind == "unknown_request", "no patient, no action: asked"


def test_a_new_request_stops_the_open_conversation_and_gives_its_hold_back(
    clinic: Clinic, desk: Desk, store: Store
) -> None:
    held = desk.hold_a_slot()
    new = desk.dm("cancel maria lopez")
    assert new is not None and new.id != held.id
    stored = store.get(held.id)
    assert stored is not None and stored.conversation.step is Step.CANCELLED_BY_USER
    assert clinic.offered_to_others(held.hold.slot)  # type: ignore[union-attr]
    live = [c for c in desk.slack.live_cards("U1") if not c.is_final]
    assert [c.id for c in live] == [new.id], "the old card was redrawn as stopped: only the new one has buttons"


def test_a_new_request_leaves_another_persons_conversation_alone(clinic: Clinic, desk: Desk, store: Store) -> None:
    theirs = Desk(desk.assistant, desk.slack, user_id="U2").hold_a_slot()
    desk.command("john smith", intent="cancel")
    stored = store.get(theirs.id)
    assert stored is not None and not stored.conversation.is_final


def test_typed_text_answers_the_open_conversation(desk: Desk) -> None:
    asked = desk.command("john smith")
    answered = desk.dm("friday morning")
    assert answered is not None and asked is not None
    assert answered.id == asked.id and answered.step is Step.CHOOSE_SLOT
    assert answered.version == asked.version + 1
    assert desk.slack.retired, "the old card was retired; the new one is below the typed words"


def test_typed_text_after_a_finished_conversation_is_a_new_request(desk: Desk) -> None:
    desk.command("john smith", intent="cancel")
    stopped = desk.dm("never mind")
    assert stopped is not None and stopped.step is Step.CANCELLED_BY_USER
    desk.dm("friday morning")
    assert desk.last_reply is not None and desk.last_reply.kind == "unknown_request"


def test_a_request_that_is_neither_reschedule_nor_cancel_is_answered_with_examples(desk: Desk, store: Store) -> None:
    desk.dm("what's the weather like")
    assert desk.last_reply is not None and desk.last_reply.kind == "unknown_request"
    assert store.active_for_user("U1") is None


def test_sweep_never_expires_a_change_that_is_being_applied(clinic: Clinic, desk: Desk, assistant: Assistant) -> None:
    held = desk.hold_a_slot()
    applying = clinic.engine.act(held, Action(kind="confirm"), clinic.clock())
    assert assistant.store.save(applying, expected_version=held.version) is not None
    clinic.clock.advance(hours=2)
    assert _sweep(assistant) == []
    stored = assistant.store.get(applying.id)
    assert stored is not None and stored.conversation.step is Step.APPLYING
    assert clinic.backend.calls["release"] == 0


def test_text_naming_an_action_and_a_patient_starts_afresh_and_anything_else_answers(
    desk: Desk, clinic: Clinic
) -> None:
    open_one = desk.command("john smith")
    assert open_one is not None and open_one.step is Step.NEED_WINDOW
    parse = desk.assistant.parse
    afresh = desk.assistant.engine.starts_afresh
    now = clinic.clock()
    for text, fresh in [
        ("cancel maria lopez", True),
        ("reschedule maria lopez", True),
        ("friday morning", False),
        ("the one on thursday", False),
    ]:
        assert afresh(open_one, text, parse(text, now)) is fresh, text


def test_a_card_slack_refuses_to_post_is_told_where_the_person_asked_and_nothing_is_kept(
    clinic: Clinic, desk: Desk, store: Store
) -> None:
    desk.slack.refuse_posts = True
    assert desk.command("john smith to friday morning") is None
    assert desk.last_reply is not None and desk.last_reply.kind == "dm_refused"
    assert store.active_for_user("U1") is None, "no conversation is left without a card"
    assert clinic.backend.calls["hold"] == 0
