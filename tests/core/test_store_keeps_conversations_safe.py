"""The store: a restart loses nothing, two racing clicks cannot both win, events are handled once."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.engine.state import Conversation, Intent, Step
from bot.store import SCHEMA_VERSION, AuditEntry, Store

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


def test_a_new_store_is_migrated_to_the_latest_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "bot.sqlite3")
    assert store.schema_version() == SCHEMA_VERSION
    Store(tmp_path / "bot.sqlite3")  # opening again applies nothing twice
    rows = sqlite3.connect(tmp_path / "bot.sqlite3").execute("SELECT COUNT(*) FROM schema_version").fetchone()
    assert rows[0] == SCHEMA_VERSION


def test_conversation_survives_reopening_the_database(tmp_path: Path) -> None:
    Store(tmp_path / "bot.sqlite3").insert(conversation(), {"kind": "command", "response_url": "http://x"})
    reopened = Store(tmp_path / "bot.sqlite3").get("c-U1-choose_slot")
    assert reopened is not None
    assert reopened.conversation.step is Step.CHOOSE_SLOT
    assert reopened.conversation.version == 1
    assert reopened.surface == {"kind": "command", "response_url": "http://x"}


def test_save_on_an_old_version_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "bot.sqlite3")
    first = store.insert(conversation(), {})
    moved = store.save(first.conversation.model_copy(update={"step": Step.CONFIRM}), expected_version=1)
    assert moved is not None and moved.conversation.version == 2
    late = store.save(first.conversation.model_copy(update={"step": Step.NEED_WINDOW}), expected_version=1)
    assert late is None
    stored = store.get(first.conversation.id)
    assert stored is not None and stored.conversation.step is Step.CONFIRM


def test_racing_threads_exactly_one_save_wins(tmp_path: Path) -> None:
    store = Store(tmp_path / "bot.sqlite3")
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


def test_a_slack_retry_of_the_same_event_is_seen_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "bot.sqlite3")
    assert store.first_delivery("Ev1", NOW) is True
    assert store.first_delivery("Ev1", NOW) is False
    assert store.first_delivery("Ev2", NOW) is True


def test_open_conversations_by_step_and_idleness(tmp_path: Path) -> None:
    store = Store(tmp_path / "bot.sqlite3")
    store.insert(conversation(Step.APPLYING, "U1"), {})
    store.insert(conversation(Step.CHOOSE_SLOT, "U2", updated=NOW - timedelta(minutes=30)), {})
    store.insert(conversation(Step.DONE, "U3", updated=NOW - timedelta(minutes=30)), {})
    assert [s.conversation.user_id for s in store.open_conversations(step=Step.APPLYING)] == ["U1"]
    idle = store.open_conversations(idle_since=NOW - timedelta(minutes=15))
    assert [s.conversation.user_id for s in idle] == ["U2"]


def test_finished_conversations_are_purged_but_audit_stays(tmp_path: Path) -> None:
    store = Store(tmp_path / "bot.sqlite3")
    done = store.insert(conversation(Step.DONE, updated=NOW - timedelta(days=2)), {}).conversation
    store.audit(
        AuditEntry(at=NOW, slack_user="U1", backend="sandbox", action="cancel", appointment_id="A1", outcome="applied")
    )
    assert store.purge_finished(NOW - timedelta(days=1)) == 1
    assert store.get(done.id) is None
    assert [entry.appointment_id for entry in store.audit_entries()] == ["A1"]


def test_audit_entries_filter_by_date(tmp_path: Path) -> None:
    store = Store(tmp_path / "bot.sqlite3")
    for day in (1, 3, 5):
        store.audit(
            AuditEntry(
                at=datetime(2026, 3, day, 12, tzinfo=UTC),
                slack_user="U1",
                backend="sandbox",
                action="reschedule",
                appointment_id=f"A{day}",
                old_start=NOW,
                new_start=NOW + timedelta(days=1),
                outcome="applied",
            )
        )
    since = store.audit_entries(since=datetime(2026, 3, 3, tzinfo=UTC))
    assert [entry.appointment_id for entry in since] == ["A3", "A5"]


def test_active_conversation_is_the_newest_open_one_of_that_surface(tmp_path: Path) -> None:
    store = Store(tmp_path / "bot.sqlite3")
    store.insert(conversation(Step.NEED_WINDOW, "U1"), {"kind": "dm"})
    store.insert(
        conversation(Step.CHOOSE_SLOT, "U1", updated=NOW + timedelta(minutes=1)).model_copy(update={"id": "cmd"}),
        {"kind": "command"},
    )
    active = store.active_for_user("U1", surface_kind="dm")
    assert active is not None and active.conversation.step is Step.NEED_WINDOW
    newest = store.active_for_user("U1")
    assert newest is not None and newest.conversation.id == "cmd"
