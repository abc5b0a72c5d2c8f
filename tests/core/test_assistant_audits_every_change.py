"""The audit log: every change request and its outcome, who and when, old and new time — and no patient data."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from bot.assistant import Assistant, Turn
from bot.backends.errors import BackendUnavailable, PartiallyApplied
from bot.engine import Action, Step
from bot.store.sqlite import SQLiteStore as Store
from tests.core.conftest import CHICAGO, JOHN, PARSE, Clinic

DM = {"kind": "dm", "channel_id": "D1"}
JOHN_START = datetime(2026, 3, 10, 10, tzinfo=CHICAGO)


def _act(assistant: Assistant, turn: Turn, kind: str, index: int | None = None, value: str | None = None) -> Turn:
    assert turn.conversation is not None
    return assistant.click(
        conversation_id=turn.conversation.id,
        version=turn.conversation.version,
        action=Action(kind=kind, index=index, value=value),  # type: ignore[arg-type]
        user_id=turn.conversation.user_id,
    )


def _held(assistant: Assistant) -> Turn:
    offered = assistant.start(user_id="U1", text="move john smith to friday morning", surface=DM)
    return _act(assistant, offered, "choose_slot", 0)


def _audit_rows(clinic: Clinic) -> list[str]:
    connection = sqlite3.connect(clinic.db_path)
    try:
        return [" | ".join(map(str, row)) for row in connection.execute("SELECT * FROM audit_log")]
    finally:
        connection.close()


def test_an_applied_move_is_audited_with_who_what_and_old_and_new_time(clinic: Clinic, assistant: Assistant) -> None:
    held = _held(assistant)
    assert held.conversation is not None and held.conversation.hold is not None
    done = _act(assistant, held, "confirm")
    assert done.conversation is not None and done.conversation.step is Step.DONE
    [entry] = assistant.store.audit_entries()
    assert entry.outcome == "applied"
    assert (entry.slack_user, entry.action, entry.appointment_id) == ("U1", "reschedule", JOHN)
    assert entry.backend == "Demo clinic (sandbox)"
    assert entry.conversation_id == held.conversation.id
    assert entry.old_start == JOHN_START
    assert entry.new_start == held.conversation.hold.slot.start
    assert entry.at == clinic.clock()


def test_a_failed_move_is_audited_as_failed_with_its_reason(clinic: Clinic, assistant: Assistant) -> None:
    held = _held(assistant)
    clinic.backend.fail("reschedule", BackendUnavailable())
    _act(assistant, held, "confirm")
    [entry] = assistant.store.audit_entries()
    assert entry.outcome == "failed"
    assert entry.old_start == JOHN_START and entry.new_start is not None
    assert entry.detail.endswith("The appointment was not changed.")


def test_a_move_stopped_half_way_is_audited_as_partial(clinic: Clinic, assistant: Assistant) -> None:
    held = _held(assistant)
    clinic.backend.fail("reschedule", PartiallyApplied("The new booking exists; the old one was not cancelled."))
    _act(assistant, held, "confirm")
    [entry] = assistant.store.audit_entries()
    assert entry.outcome == "partial"
    assert entry.detail == "The new booking exists; the old one was not cancelled."


def test_a_cancel_is_audited_with_its_reason_and_no_new_time(clinic: Clinic, assistant: Assistant) -> None:
    asked = assistant.start(user_id="U1", text="cancel john smith", surface=DM)
    confirm = _act(assistant, asked, "choose_reason", value="Sick")
    _act(assistant, confirm, "confirm")
    [entry] = assistant.store.audit_entries()
    assert (entry.action, entry.outcome, entry.reason) == ("cancel", "applied", "Sick")
    assert entry.old_start == JOHN_START and entry.new_start is None


def test_the_audit_log_holds_no_patient_name_birth_date_phone_or_staff_words(
    clinic: Clinic, assistant: Assistant
) -> None:
    clinic.backend.fail("reschedule", BackendUnavailable())
    _act(assistant, _held(assistant), "confirm")  # a move that fails: its sentence is kept as the detail
    asked = assistant.start(user_id="U1", text="cancel john smith", surface=DM)
    assert asked.conversation is not None
    confirm = assistant.reply(user_id="U1", text="John Smith's wife called, he is in hospital")
    assert confirm is not None and confirm.conversation is not None and confirm.conversation.step is Step.CONFIRM
    _act(assistant, confirm, "confirm")
    rows = _audit_rows(clinic)
    assert len(rows) == 2
    for row in rows:
        for private in ("john", "smith", "hospital", "1975", "11-02", "555"):
            assert private not in row.lower(), f"{private!r} leaked into the audit log"


def test_reconcile_at_start_up_settles_changes_left_applying_and_audits_them(clinic: Clinic, store: Store) -> None:
    assistant = Assistant(clinic.engine, store, PARSE, clock=clinic.clock)
    held = _held(assistant)
    assert held.conversation is not None and held.conversation.hold is not None
    # The bot saved `applying` and then died before (or after) the booking system answered.
    applying = clinic.engine.act(held.conversation, Action(kind="confirm"), clinic.clock())
    assert store.save(applying, expected_version=held.conversation.version) is not None
    assert applying.appointment is not None and applying.idempotency_key
    clinic.sandbox.reschedule(applying.appointment, held.conversation.hold, idempotency_key=applying.idempotency_key)

    restarted = Assistant(clinic.engine, Store(clinic.db_path), PARSE, clock=clinic.clock)
    turns = restarted.reconcile()
    assert [turn.conversation.step for turn in turns if turn.conversation] == [Step.DONE]
    stored = restarted.store.get(applying.id)
    assert stored is not None and stored.conversation.step is Step.DONE
    [entry] = restarted.store.audit_entries()
    assert entry.outcome == "applied"
    assert entry.detail.startswith("reconciled after restart.")
    assert entry.new_start == held.conversation.hold.slot.start
    assert clinic.backend.calls["reschedule"] == 0, "reconcile reads back; it never repeats the change"
    assert restarted.reconcile() == [], "settled once"


def test_reconcile_at_start_up_keeps_a_change_applying_while_the_booking_system_is_down(
    clinic: Clinic, store: Store
) -> None:
    assistant = Assistant(clinic.engine, store, PARSE, clock=clinic.clock)
    held = _held(assistant)
    assert held.conversation is not None
    applying = clinic.engine.act(held.conversation, Action(kind="confirm"), clinic.clock())
    store.save(applying, expected_version=held.conversation.version)
    clinic.backend.fail("get_appointment", BackendUnavailable())
    assert assistant.reconcile() == []
    stored = store.get(applying.id)
    assert stored is not None and stored.conversation.step is Step.APPLYING
    assert store.audit_entries() == []
    turns = assistant.reconcile()  # the next start-up, booking system back: nothing was made
    assert [turn.conversation.step for turn in turns if turn.conversation] == [Step.FAILED]
    [entry] = store.audit_entries()
    assert entry.outcome == "failed" and entry.detail.startswith("reconciled after restart.")


def test_a_hold_the_booking_system_let_lapse_is_audited_as_not_applied(clinic: Clinic, assistant: Assistant) -> None:
    held = _held(assistant)
    assert held.conversation is not None and held.conversation.hold is not None
    clinic.sandbox.clock = lambda: clinic.clock() + timedelta(minutes=20)  # the booking system's clock runs ahead
    clinic.walk_in(held.conversation.hold.slot.start)  # and gave the lapsed time to a walk-in
    turn = _act(assistant, held, "confirm")
    assert turn.conversation is not None and turn.conversation.step is Step.CHOOSE_SLOT
    [entry] = assistant.store.audit_entries()
    assert entry.outcome == "not_applied"
    assert "Nothing was booked" in entry.detail
    assert clinic.appointment(JOHN).start == JOHN_START
