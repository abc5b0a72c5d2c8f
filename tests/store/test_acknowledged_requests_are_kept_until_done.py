"""The inbox: an acknowledged request is kept until its work ends; a replay of it does nothing new."""

from __future__ import annotations

from datetime import timedelta

from bot.store import InboxEntry, Lease, Store
from tests.store.support import NOW, PATIENT_NAME, raw


def entry(key: str, minutes: int = 0) -> InboxEntry:
    return InboxEntry(
        key=key,
        kind="command",
        body=f"text=move {PATIENT_NAME} to friday",
        received_at=NOW + timedelta(minutes=minutes),
    )


def test_a_replayed_request_is_recognised_even_after_its_work_is_done(store: Store) -> None:
    assert store.inbox_add(entry("trigger-1")) is True
    assert store.inbox_add(entry("trigger-1")) is False
    store.inbox_done("trigger-1")
    assert store.inbox_add(entry("trigger-1")) is False
    assert store.inbox_add(entry("trigger-2")) is True


def test_a_finished_request_keeps_only_its_key(store: Store, store_location: str) -> None:
    store.inbox_add(entry("trigger-1"))
    store.inbox_done("trigger-1")
    store.inbox_done("never-seen")  # a key that was never added changes nothing
    assert raw(store_location, "SELECT key, body FROM inbox") == [("trigger-1", None)]


def test_requests_a_crash_left_unfinished_are_handed_back_oldest_first_counting_attempts(store: Store) -> None:
    store.inbox_add(entry("late", minutes=2))
    store.inbox_add(entry("early", minutes=0))
    store.inbox_add(entry("finished", minutes=1))
    store.inbox_add(entry("just-now", minutes=10))
    store.inbox_done("finished")
    first = store.inbox_unfinished(received_before=NOW + timedelta(minutes=5))
    assert [(e.key, e.attempts) for e in first] == [("early", 1), ("late", 1)]
    assert first[0].body == entry("early").body and first[0].received_at == NOW
    again = store.inbox_unfinished(received_before=NOW + timedelta(minutes=5))
    assert [(e.key, e.attempts) for e in again] == [("early", 2), ("late", 2)]


def test_old_inbox_rows_are_purged_whether_done_or_not(store: Store) -> None:
    for minutes in range(5):
        store.inbox_add(entry(f"k{minutes}", minutes=minutes))
    store.inbox_done("k1")
    assert store.purge_inbox(NOW + timedelta(minutes=3)) == 3
    assert store.inbox_add(entry("k0")) is True, "a purged key is forgotten"
    assert [e.key for e in store.inbox_unfinished(received_before=NOW + timedelta(hours=1))] == ["k0", "k3", "k4"]


def test_the_purge_forgets_lapsed_replay_claims_but_not_live_ones_or_other_leases(store: Store) -> None:
    """Each replayed request leaves a claim row behind; without this they piled up for ever."""
    store.take_lease(Lease("inbox:old", "replica-a", NOW + timedelta(minutes=1)), now=NOW)
    store.take_lease(Lease("inbox:live", "replica-a", NOW + timedelta(hours=2)), now=NOW)
    store.take_lease(Lease("appointment:sandbox:a1", "c1", NOW + timedelta(minutes=1)), now=NOW)
    store.purge_inbox(NOW + timedelta(minutes=30))
    assert store.lease("inbox:old") is None
    assert store.lease("inbox:live") is not None
    assert store.lease("appointment:sandbox:a1") is not None, "an appointment's claim is settled, never purged"
