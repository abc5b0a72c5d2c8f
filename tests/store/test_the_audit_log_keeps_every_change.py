"""The audit log: written with the save that applied the change, readable by date, kept for its retention."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.store import AuditEntry, Store
from tests.store.support import NOW, audit


def test_one_entry_per_appointment_of_a_series_in_the_order_written(store: Store) -> None:
    store.audit([audit("A1"), audit("A2"), audit("A3", outcome="failed")])
    entries = store.audit_entries()
    assert [(entry.appointment_id, entry.outcome) for entry in entries] == [
        ("A1", "applied"),
        ("A2", "applied"),
        ("A3", "failed"),
    ]
    assert entries[0] == audit("A1")


def test_a_single_entry_is_still_accepted_for_the_old_caller(store: Store) -> None:
    store.audit(audit("A1"))
    assert [entry.appointment_id for entry in store.audit_entries()] == ["A1"]


def test_a_reschedule_keeps_both_times_and_entries_filter_by_date(store: Store) -> None:
    for day in (1, 3, 5):
        store.audit(
            [
                AuditEntry(
                    at=datetime(2026, 3, day, 12, tzinfo=NOW.tzinfo),
                    slack_user="U1",
                    backend="sandbox",
                    action="reschedule",
                    appointment_id=f"A{day}",
                    old_start=NOW,
                    new_start=NOW + timedelta(days=1),
                    outcome="applied",
                )
            ]
        )
    since = store.audit_entries(since=datetime(2026, 3, 3, tzinfo=NOW.tzinfo))
    assert [entry.appointment_id for entry in since] == ["A3", "A5"]
    assert since[0].old_start == NOW and since[0].new_start == NOW + timedelta(days=1)


def test_entries_older_than_the_retention_are_purged_and_newer_ones_kept(store: Store) -> None:
    store.audit([audit("old", at=NOW - timedelta(days=3)), audit("new", at=NOW)])
    assert store.purge_audit(NOW - timedelta(days=1)) == 1
    assert [entry.appointment_id for entry in store.audit_entries()] == ["new"]
