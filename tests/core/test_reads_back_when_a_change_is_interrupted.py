"""When a change's answer is lost (timeout after sending) or the bot restarts mid-change,
staff are told what the booking system actually shows — never a guess."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.backends.errors import MAYBE_APPLIED
from bot.domain import (
    AppointmentStatus,
)
from bot.engine import ConversationEngine, Intent, Step
from bot.engine.state import Conversation
from bot.nlu import parse_request
from bot.nlu.model import ParsedRequest
from tests.core.conftest import outcome
from tests.scripted_backend import ScriptedBackend
from tests.views.factories import NOW, appointment, at, hold


def _parse(text: str, now: datetime) -> ParsedRequest:
    return parse_request(text, now, "America/Chicago", "MDY")


def _applying(backend: ScriptedBackend, intent: Intent) -> tuple[ConversationEngine, Conversation]:
    engine = ConversationEngine(backend, _parse, clinic_tz="America/Chicago")
    assert backend.stored is not None
    conversation = Conversation(
        id="c1",
        user_id="U1",
        intent=intent,
        step=Step.APPLYING,
        appointment=backend.stored,
        hold=hold(at(3, 12, 9), expires_at=NOW + timedelta(minutes=15)) if intent is Intent.RESCHEDULE else None,
        idempotency_key="k1",
        created_at=NOW,
        updated_at=NOW,
    )
    return engine, conversation


def test_a_move_whose_answer_was_lost_but_happened_is_reported_done() -> None:
    backend = ScriptedBackend(appointment(), lose_answer=True, effect="apply")
    engine, conversation = _applying(backend, Intent.RESCHEDULE)
    result = engine.apply(conversation, NOW)
    assert result.step is Step.DONE
    assert result.result is not None and result.result.start == at(3, 12, 9)
    assert backend.writes == 1


def test_a_move_whose_answer_was_lost_and_did_not_happen_says_nothing_changed() -> None:
    backend = ScriptedBackend(appointment(), lose_answer=True, effect="nothing")
    engine, conversation = _applying(backend, Intent.RESCHEDULE)
    result = engine.apply(conversation, NOW)
    assert result.step is Step.FAILED
    assert outcome(result) is not None and "Nothing was changed" in outcome(result)
    assert backend.released == ["hold-1"], "the hold is given back"


def test_a_lost_answer_that_cannot_be_read_back_tells_staff_to_check() -> None:
    backend = ScriptedBackend(appointment(), lose_answer=True, effect="apply", unreadable_after_write=True)
    engine, conversation = _applying(backend, Intent.CANCEL)
    result = engine.apply(conversation, NOW)
    assert result.step is Step.FAILED
    assert outcome(result) == MAYBE_APPLIED
    assert "not changed" not in outcome(result)
    assert result.partially_applied


def test_a_cancel_whose_answer_was_lost_but_happened_is_reported_done() -> None:
    backend = ScriptedBackend(appointment(), lose_answer=True, effect="apply")
    engine, conversation = _applying(backend, Intent.CANCEL)
    assert engine.apply(conversation, NOW).step is Step.DONE


@pytest.mark.parametrize("old_booking_cancelled", [True, False])
def test_a_restart_during_a_rebooking_never_claims_nothing_was_made(old_booking_cancelled: bool) -> None:
    original = appointment(moves_by_rebooking=True)
    backend = ScriptedBackend(original)
    engine, conversation = _applying(backend, Intent.RESCHEDULE)
    if old_booking_cancelled:
        backend.stored = original.model_copy(update={"status": AppointmentStatus.CANCELLED})
    result = engine.reconcile(conversation, NOW)
    assert backend.writes == 0, "reconcile must never repeat the change"
    if old_booking_cancelled:
        assert result.step is Step.DONE
    else:
        assert result.step is Step.FAILED and result.partially_applied
        assert outcome(result) is not None
        assert "may or may not have been made" in outcome(result) and "Nothing was changed" not in outcome(result)


def _moved_by_someone_else() -> tuple[ScriptedBackend, ConversationEngine, Conversation]:
    """A reschedule about to be applied, whose appointment another desk has just moved to another day."""
    original = appointment()
    backend = ScriptedBackend(original)
    engine, conversation = _applying(backend, Intent.RESCHEDULE)
    backend.stored = original.model_copy(update={"start": at(3, 20, 11), "end": at(3, 20, 11, 30)})
    return backend, engine, conversation


def test_a_restart_finds_the_appointment_moved_by_someone_else_and_says_so() -> None:
    _, engine, conversation = _moved_by_someone_else()
    result = engine.reconcile(conversation, NOW)
    assert result.step is Step.FAILED
    assert outcome(result) is not None and "someone else" in outcome(result)


def test_a_confirm_after_someone_else_moved_the_appointment_changes_nothing() -> None:
    backend, engine, conversation = _moved_by_someone_else()
    result = engine.apply(conversation, NOW)
    assert backend.writes == 0
    assert result.step is Step.FAILED
    assert outcome(result) is not None and "Someone moved this appointment" in outcome(result)
    assert backend.released == ["hold-1"]


def test_a_cancel_confirmed_after_someone_else_cancelled_it_reports_it_cancelled_without_a_second_cancel() -> None:
    original = appointment()
    backend = ScriptedBackend(original)
    engine, conversation = _applying(backend, Intent.CANCEL)
    backend.stored = original.model_copy(update={"status": AppointmentStatus.CANCELLED})
    result = engine.apply(conversation, NOW)
    assert backend.writes == 0
    assert result.step is Step.DONE
    assert outcome(result) is not None and "already showed it cancelled" in outcome(result)
