"""The audit log: every change request and its outcome, who and when, old and new time — and no patient data."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.assistant import housekeeping
from bot.backends.errors import BackendUnavailable, PartiallyApplied
from bot.engine import Action, Step
from bot.store import Lease, StorageError, Store, appointment_lease
from bot.store.factory import open_store
from tests.core.conftest import CHICAGO, JOHN, ROBERT_SERIES, Clinic, assistant_for
from tests.core.desk import Desk, RecordingSlack
from tests.store_fixtures import table_rows

JOHN_START = datetime(2026, 3, 10, 10, tzinfo=CHICAGO)


def _audit_rows(store_location: str) -> list[str]:
    return [" | ".join(map(str, row)) for row in table_rows(store_location, "audit_log")]


def test_an_applied_move_is_audited_with_who_what_and_old_and_new_time(
    clinic: Clinic, desk: Desk, store: Store
) -> None:
    held = desk.hold_a_slot()
    assert held.hold is not None
    done = desk.click(held, "confirm")
    assert done is not None and done.step is Step.DONE
    [entry] = store.audit_entries()
    assert entry.outcome == "applied"
    assert (entry.slack_user, entry.action, entry.appointment_id) == ("U1", "reschedule", JOHN)
    assert entry.backend == "Demo clinic (sandbox)"
    assert entry.conversation_id == held.id
    assert entry.old_start == JOHN_START
    assert entry.new_start == held.hold.slot.start
    assert entry.at == clinic.clock()


def test_a_failed_move_is_audited_as_failed_with_its_kind_of_failure(clinic: Clinic, desk: Desk, store: Store) -> None:
    held = desk.hold_a_slot()
    clinic.backend.fail("reschedule", BackendUnavailable())
    desk.click(held, "confirm")
    [entry] = store.audit_entries()
    assert entry.outcome == "failed"
    assert entry.old_start == JOHN_START and entry.new_start is not None
    assert entry.detail == "failed"


def test_a_move_stopped_half_way_is_audited_as_partial(clinic: Clinic, desk: Desk, store: Store) -> None:
    held = desk.hold_a_slot()
    clinic.backend.fail("reschedule", PartiallyApplied("The new booking exists; the old one was not cancelled."))
    desk.click(held, "confirm")
    [entry] = store.audit_entries()
    assert entry.outcome == "partial"
    assert entry.detail == "partial"


def test_a_cancel_is_audited_with_its_reason_and_no_new_time(clinic: Clinic, desk: Desk, store: Store) -> None:
    asked = desk.command("john smith", intent="cancel")
    assert asked is not None
    confirm = desk.click(asked, "choose_reason", value="Sick")
    assert confirm is not None
    desk.click(confirm, "confirm")
    [entry] = store.audit_entries()
    assert (entry.action, entry.outcome, entry.reason) == ("cancel", "applied", "Sick")
    assert entry.old_start == JOHN_START and entry.new_start is None


def test_the_audit_log_holds_no_patient_name_birth_date_phone_or_staff_words(
    clinic: Clinic, desk: Desk, store_location: str
) -> None:
    clinic.backend.fail("reschedule", BackendUnavailable())
    desk.click(desk.hold_a_slot(), "confirm")  # a move that fails
    asked = desk.command("john smith", intent="cancel")
    assert asked is not None
    confirm = desk.dm("John Smith's wife called, he is in hospital")
    assert confirm is not None and confirm.step is Step.CONFIRM
    desk.click(confirm, "confirm")
    rows = _audit_rows(store_location)
    assert len(rows) == 2
    for row in rows:
        for private in ("john", "smith", "hospital", "1975", "11-02", "555"):
            assert private not in row.lower(), f"{private!r} leaked into the audit log"


def test_reconcile_at_start_up_settles_changes_left_applying_and_audits_them(
    clinic: Clinic, desk: Desk, store: Store, store_location: str
) -> None:
    held = desk.hold_a_slot()
    assert held.hold is not None
    # The bot saved `applying` (claiming the appointment) and then died before or after the booking system answered.
    applying = clinic.engine.act(held, Action(kind="confirm"), clinic.clock())
    assert store.save(applying, expected_version=held.version) is not None
    assert applying.appointment is not None and applying.idempotency_key
    clinic.sandbox.reschedule(applying.appointment, held.hold, idempotency_key=applying.idempotency_key)

    slack = RecordingSlack()
    restarted = assistant_for(clinic, open_store(store_location), slack)
    turns = housekeeping.reconcile(restarted)
    assert [turn.conversation.step for turn in turns if turn.conversation] == [Step.DONE]
    stored = store.get(applying.id)
    assert stored is not None and stored.conversation.step is Step.DONE
    assert slack.latest("U1") == stored.conversation, "the card is redrawn with the outcome"
    [entry] = store.audit_entries()
    assert entry.outcome == "applied"
    assert entry.detail.startswith("reconciled after restart")
    assert entry.new_start == held.hold.slot.start
    assert clinic.backend.calls["reschedule"] == 0, "reconcile reads back; it never repeats the change"
    assert housekeeping.reconcile(restarted) == [], "settled once"
    restarted.store.close()


def test_reconcile_at_start_up_keeps_a_change_applying_while_the_booking_system_is_down(
    clinic: Clinic, desk: Desk, store: Store
) -> None:
    held = desk.hold_a_slot()
    applying = clinic.engine.act(held, Action(kind="confirm"), clinic.clock())
    store.save(applying, expected_version=held.version)
    clinic.backend.fail("get_appointment", BackendUnavailable())
    assert housekeeping.reconcile(desk.assistant) == []
    stored = store.get(applying.id)
    assert stored is not None and stored.conversation.step is Step.APPLYING
    assert store.audit_entries() == []
    turns = housekeeping.reconcile(desk.assistant)  # the next try, booking system back: nothing was made
    assert [turn.conversation.step for turn in turns if turn.conversation] == [Step.FAILED]
    [entry] = store.audit_entries()
    assert entry.outcome == "failed" and entry.detail.startswith("reconciled after restart")


def test_a_hold_the_booking_system_let_lapse_is_audited_as_not_applied(
    clinic: Clinic, desk: Desk, store: Store
) -> None:
    held = desk.hold_a_slot()
    assert held.hold is not None
    clinic.sandbox.clock = lambda: clinic.clock() + timedelta(minutes=20)  # the booking system's clock runs ahead
    clinic.walk_in(held.hold.slot.start)  # and gave the lapsed time to a walk-in
    turn = desk.click(held, "confirm")
    assert turn is not None and turn.step is Step.CHOOSE_SLOT
    [entry] = store.audit_entries()
    assert entry.outcome == "not_applied"
    assert entry.detail == "hold_lost"
    assert clinic.appointment(JOHN).start == JOHN_START


def test_a_series_cancel_writes_one_audit_row_per_appointment_it_cancelled(
    clinic: Clinic, desk: Desk, store: Store
) -> None:
    asked = desk.command("robert chen, away", intent="cancel")
    assert asked is not None and asked.step is Step.CHOOSE_APPOINTMENT
    confirm = desk.click(asked, "choose_appointment", 0)
    assert confirm is not None and confirm.step is Step.CONFIRM
    every = desk.click(confirm, "repeats", value="all")
    assert every is not None
    desk.click(every, "confirm")
    entries = store.audit_entries()
    assert [entry.appointment_id for entry in entries] == list(ROBERT_SERIES)
    assert {(entry.action, entry.outcome, entry.reason) for entry in entries} == {("cancel", "applied", "Away")}


def test_serve_starting_alone_on_its_database_settles_a_change_its_killed_predecessor_still_claims(
    clinic: Clinic, desk: Desk, store: Store, store_location: str
) -> None:
    """kill -9 mid-change leaves the appointment's claim alive for minutes; a lone process need not wait it out."""
    held = desk.hold_a_slot()
    assert held.hold is not None
    applying = clinic.engine.act(held, Action(kind="confirm"), clinic.clock())
    assert applying.appointment is not None and applying.idempotency_key
    claim = Lease(
        name=appointment_lease(applying.backend, applying.appointment.id),
        owner=applying.id,
        until=clinic.clock() + timedelta(minutes=2),
    )
    assert store.save(applying, expected_version=held.version, take_lease=claim) is not None
    clinic.sandbox.reschedule(applying.appointment, held.hold, idempotency_key=applying.idempotency_key)

    restarted = assistant_for(clinic, open_store(store_location), RecordingSlack())
    assert housekeeping.reconcile(restarted) == [], "a replica may still be working on it: its claim is waited out"
    started = clinic.clock.advance(seconds=1)
    assert housekeeping.reconcile(restarted, predecessor_died_before=started) == [], (
        "the write may still be in the booking system's hands: not read back yet"
    )
    clinic.clock.advance(seconds=15)
    turns = housekeeping.reconcile(restarted, predecessor_died_before=started)
    assert [turn.conversation.step for turn in turns if turn.conversation] == [Step.DONE]
    [entry] = store.audit_entries()
    assert entry.outcome == "applied" and entry.detail.startswith("reconciled after restart")
    restarted.store.close()


def test_a_claim_taken_after_the_process_started_is_never_its_predecessors(
    clinic: Clinic, desk: Desk, store: Store, store_location: str
) -> None:
    """Its own live change (or a replica's) is left alone however old: only the claim's owner settles it."""
    held = desk.hold_a_slot()
    assert held.hold is not None
    started = clinic.clock()
    applying = clinic.engine.act(held, Action(kind="confirm"), clinic.clock.advance(seconds=1))
    assert applying.appointment is not None
    claim = Lease(
        name=appointment_lease(applying.backend, applying.appointment.id),
        owner=applying.id,
        until=clinic.clock() + timedelta(minutes=2),
    )
    assert store.save(applying, expected_version=held.version, take_lease=claim) is not None
    clinic.clock.advance(seconds=60)
    restarted = assistant_for(clinic, open_store(store_location), RecordingSlack())
    assert housekeeping.reconcile(restarted, predecessor_died_before=started) == []
    assert store.audit_entries() == []
    restarted.store.close()


class _OutcomeNotRecorded:
    """The store, with the one write that records a change's outcome failing once (the disk filled meanwhile)."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.failures_left = 1

    def save(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("drop_lease") and self.failures_left:
            self.failures_left -= 1
            raise StorageError("disk is full")
        return self.inner.save(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_a_change_made_but_not_recorded_is_read_back_as_soon_as_the_store_works_not_when_its_claim_lapses(
    clinic: Clinic, desk: Desk, store: Store
) -> None:
    """The disk filled between the booking system's answer and the save: the change's claim is this process's own,
    and nobody is working on it any more. It used to stay "Working on it", unaudited, for the claim's 2 minutes."""
    held = desk.hold_a_slot()
    desk.assistant.store = _OutcomeNotRecorded(store)  # type: ignore[assignment]
    shown = desk.click(held, "confirm")
    assert shown is not None and shown.step is Step.DONE, "the person is shown the move the booking system made"
    assert [entry.outcome for entry in store.audit_entries()] == []
    clinic.clock.advance(seconds=5)  # the sweeper's next look: far inside the claim's 2 minutes
    turns = housekeeping.reconcile(desk.assistant)
    assert [turn.conversation.step for turn in turns if turn.conversation] == [Step.DONE]
    [entry] = store.audit_entries()
    assert entry.outcome == "applied"
    assert housekeeping.reconcile(desk.assistant) == [], "settled once"
