"""The store, on SQLite and on PostgreSQL: a restart loses nothing, racing clicks cannot both win, events count once.

(The full store suite is tests/store/; these are the guarantees the assistant leans on, kept beside its tests.)
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from bot.engine.state import Conversation, Intent, Step
from bot.store import SCHEMA_VERSION, AuditEntry, Store
from bot.store.factory import open_store
from tests import store_fixtures

# Both backends here too (this module's `store` replaces tests/core/conftest.py's SQLite-only one).
postgresql_server = store_fixtures.postgresql_server
store_location = store_fixtures.store_location
store = store_fixtures.store

NOW = datetime(2026, 3, 5, 16, 0, tzinfo=UTC)


def conversation(step: Step = Step.CHOOSE_SLOT, user: str = "U1", updated: datetime = NOW) -> Conversation:
    return Conversation(
        id=f"c-{user}-{step.value}",
        user_id=user,
        intent=Intent.RESCHEDULE,
        step=step,
        created_at=NOW,
        updated_at=updated,
    )


def test_a_new_store_is_migrated_to_the_latest_schema(store_location: str) -> None:
    first = open_store(store_location)
    assert first.schema_version() == SCHEMA_VERSION  # type: ignore[attr-defined]
    first.close()
    again = open_store(store_location)  # opening again applies nothing twice
    assert again.schema_version() == SCHEMA_VERSION  # type: ignore[attr-defined]
    again.close()


def test_conversation_survives_reopening_the_database(store_location: str) -> None:
    first = open_store(store_location)
    first.insert(conversation(), {"kind": "command", "response_url": "http://x"})
    first.close()
    reopened = open_store(store_location)
    stored = reopened.get("c-U1-choose_slot")
    reopened.close()
    assert stored is not None
    assert stored.conversation.step is Step.CHOOSE_SLOT
    assert stored.conversation.version == 1
    assert stored.surface == {"kind": "command", "response_url": "http://x"}


def test_save_on_an_old_version_is_refused(store: Store) -> None:
    first = store.insert(conversation(), {})
    moved = store.save(first.conversation.model_copy(update={"step": Step.CONFIRM}), expected_version=1)
    assert moved is not None and moved.conversation.version == 2
    late = store.save(first.conversation.model_copy(update={"step": Step.NEED_WINDOW}), expected_version=1)
    assert late is None
    stored = store.get(first.conversation.id)
    assert stored is not None and stored.conversation.step is Step.CONFIRM


def test_racing_threads_exactly_one_save_wins(store: Store) -> None:
    base = store.insert(conversation(Step.CONFIRM), {}).conversation
    wins: list[int] = []
    barrier = threading.Barrier(8)

    def click(n: int) -> None:
        barrier.wait()
        if store.save(base.model_copy(update={"step": Step.APPLYING, "note": str(n)}), expected_version=1):
            wins.append(n)

    threads = [threading.Thread(target=click, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(wins) == 1
    stored = store.get(base.id)
    assert stored is not None and stored.conversation.note == str(wins[0])


def test_a_slack_retry_of_the_same_event_is_seen_once(store: Store) -> None:
    assert store.first_delivery("Ev1", NOW) is True
    assert store.first_delivery("Ev1", NOW) is False
    assert store.first_delivery("Ev2", NOW) is True
    assert store.forget_events(NOW + timedelta(seconds=1)) == 2
    assert store.first_delivery("Ev1", NOW) is True


def test_open_conversations_by_step_and_idleness(store: Store) -> None:
    store.insert(conversation(Step.APPLYING, "U1"), {})
    store.insert(conversation(Step.CHOOSE_SLOT, "U2", updated=NOW - timedelta(minutes=30)), {})
    store.insert(conversation(Step.DONE, "U3", updated=NOW - timedelta(minutes=30)), {})
    assert [s.conversation.user_id for s in store.open_conversations(step=Step.APPLYING)] == ["U1"]
    idle = store.open_conversations(idle_since=NOW - timedelta(minutes=15))
    assert [s.conversation.user_id for s in idle] == ["U2"]


def test_finished_conversations_are_purged_but_audit_stays(store: Store) -> None:
    done = store.insert(conversation(Step.DONE, updated=NOW - timedelta(days=2)), {}).conversation
    store.audit(
        AuditEntry(at=NOW, slack_user="U1", backend="sandbox", action="cancel", appointment_id="A1", outcome="applied")
    )
    assert store.purge_finished(NOW - timedelta(days=1)) == 1
    assert store.get(done.id) is None
    assert [entry.appointment_id for entry in store.audit_entries()] == ["A1"]


def test_a_card_moved_by_the_old_surface_update_is_found_by_its_new_kind(store: Store) -> None:
    stored = store.insert(conversation(Step.NEED_WINDOW, "U1"), {"kind": "command"})
    store.update_surface(stored.conversation.id, {"kind": "dm", "channel": "D1", "ts": "1.2"})
    active = store.active_for_user("U1", surface_kind="dm")
    assert active is not None and active.surface == {"kind": "dm", "channel": "D1", "ts": "1.2"}
    assert active.conversation.version == 1, "a surface update does not bump the version"
    store.update_surface("unknown", {"kind": "dm"})  # a conversation that is gone changes nothing


def test_active_conversation_is_the_newest_open_one_of_that_surface(store: Store) -> None:
    store.insert(conversation(Step.NEED_WINDOW, "U1"), {"kind": "dm"})
    store.insert(
        conversation(Step.CHOOSE_SLOT, "U1", updated=NOW + timedelta(minutes=1)).model_copy(update={"id": "cmd"}),
        {"kind": "command"},
    )
    active = store.active_for_user("U1", surface_kind="dm")
    assert active is not None and active.conversation.step is Step.NEED_WINDOW
    newest = store.active_for_user("U1")
    assert newest is not None and newest.conversation.id == "cmd"
