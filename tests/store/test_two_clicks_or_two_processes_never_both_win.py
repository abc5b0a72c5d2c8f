"""Compare-and-set saves: a racing click, a second store, or another process never wins twice."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

from bot.engine.state import Step
from bot.store import Store
from bot.store.factory import open_store
from tests.store import racers
from tests.store.support import NOW, audit, conversation


def test_a_conversation_survives_reopening_the_store(store_location: str) -> None:
    first = open_store(store_location)
    first.insert(conversation(), {"kind": "command", "response_url": "http://x"})
    first.close()
    reopened = open_store(store_location)
    try:
        stored = reopened.get("c-U1-choose_slot")
    finally:
        reopened.close()
    assert stored is not None
    assert stored.conversation == conversation().model_copy(update={"version": 1})
    assert stored.surface == {"kind": "command", "response_url": "http://x"}


def test_a_save_on_an_old_version_is_refused_and_changes_nothing(store: Store) -> None:
    first = store.insert(conversation(), {"kind": "dm"})
    moved = store.save(first.conversation.model_copy(update={"step": Step.CONFIRM}), expected_version=1)
    assert moved is not None and moved.conversation.version == 2
    late = store.save(
        first.conversation.model_copy(update={"step": Step.NEED_WINDOW}),
        expected_version=1,
        surface={"kind": "command"},
        audit=[audit()],
    )
    assert late is None
    stored = store.get(first.conversation.id)
    assert stored is not None and stored.conversation.step is Step.CONFIRM and stored.conversation.version == 2
    assert stored.surface == {"kind": "dm"}, "the losing save's surface was not written"
    assert store.audit_entries() == [], "the losing save's audit rows were not written"


def _race(saves: list[Callable[[], Any]]) -> list[int]:
    barrier = threading.Barrier(len(saves))
    wins: list[int] = []

    def run(number: int) -> None:
        barrier.wait()
        if saves[number]() is not None:
            wins.append(number)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(len(saves))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return wins


def test_racing_threads_on_one_store_exactly_one_save_wins(store: Store) -> None:
    base = store.insert(conversation(Step.CONFIRM), {}).conversation

    def click(number: int) -> Callable[[], Any]:
        return lambda: store.save(
            base.model_copy(update={"step": Step.APPLYING, "note": str(number)}), expected_version=1
        )

    wins = _race([click(number) for number in range(8)])
    assert len(wins) == 1
    stored = store.get(base.id)
    assert stored is not None and stored.conversation.note == str(wins[0]) and stored.conversation.version == 2


def test_two_stores_on_separate_connections_racing_exactly_one_wins(store_location: str) -> None:
    stores = [open_store(store_location) for _ in range(4)]
    try:
        base = stores[0].insert(conversation(Step.CONFIRM), {}).conversation
        for _ in range(5):  # several rounds: each round all four race on the same version
            version = base.version

            def click(store: Store, number: int, version: int = version) -> Callable[[], Any]:
                moved = base.model_copy(update={"note": str(number)})  # noqa: B023 - built before the race starts
                return lambda: store.save(moved, expected_version=version)

            wins = _race([click(store, number) for number, store in enumerate(stores)])
            assert len(wins) == 1
            stored = stores[1].get(base.id)
            assert stored is not None and stored.conversation.version == version + 1
            base = stored.conversation
    finally:
        for store in stores:
            store.close()


def _in_processes(target: Callable[..., None], location: str, count: int) -> dict[int, bool]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(count)
    results = context.Queue()
    processes = [context.Process(target=target, args=(location, n, barrier, results)) for n in range(count)]
    for process in processes:
        process.start()
    outcome = dict(results.get(timeout=60) for _ in processes)
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return outcome


def test_processes_racing_on_one_database_exactly_one_save_wins(store: Store, store_location: str) -> None:
    store.insert(conversation(Step.CONFIRM), {})
    outcome = _in_processes(racers.save_after_barrier, store_location, 4)
    winners = [number for number, won in outcome.items() if won]
    assert len(winners) == 1
    stored = store.get(conversation(Step.CONFIRM).id)
    assert stored is not None and stored.conversation.note == str(winners[0])


def test_save_keeps_the_surface_unless_given_one_and_the_newest_open_conversation_of_a_kind_follows_it(
    store: Store,
) -> None:
    dm = store.insert(conversation(Step.NEED_WINDOW, "U1"), {"kind": "dm", "ts": "1.1"}).conversation
    command = conversation(Step.CHOOSE_SLOT, "U1", NOW.replace(minute=1), id="cmd")
    store.insert(command, {"kind": "command"})
    kept = store.save(dm.model_copy(update={"note": "x"}), expected_version=1)
    assert kept is not None and kept.surface == {"kind": "dm", "ts": "1.1"}
    active = store.active_for_user("U1", surface_kind="dm")
    assert active is not None and active.conversation.id == dm.id and active.surface["ts"] == "1.1"
    newest = store.active_for_user("U1")
    assert newest is not None and newest.conversation.id == "cmd"
    # the DM conversation's card moves into a command's response_url: it is now found as a command one
    moved = store.save(kept.conversation.model_copy(update={"updated_at": NOW.replace(minute=2)}), expected_version=2,
                       surface={"kind": "command", "response_url": "http://r"})  # fmt: skip
    assert moved is not None
    assert store.active_for_user("U1", surface_kind="dm") is None
    now_command = store.active_for_user("U1", surface_kind="command")
    assert now_command is not None and now_command.conversation.id == dm.id
    assert now_command.surface == {"kind": "command", "response_url": "http://r"}


def test_finished_conversations_are_not_anyones_active_one_and_open_ones_come_oldest_first(store: Store) -> None:
    store.insert(conversation(Step.APPLYING, "U1", NOW.replace(minute=30)), {})
    store.insert(conversation(Step.CHOOSE_SLOT, "U2", NOW.replace(minute=0)), {})
    store.insert(conversation(Step.DONE, "U3", NOW.replace(minute=0)), {})
    assert store.active_for_user("U3") is None
    assert [s.conversation.user_id for s in store.open_conversations()] == ["U2", "U1"]
    assert [s.conversation.user_id for s in store.open_conversations(step=Step.APPLYING)] == ["U1"]
    assert [s.conversation.user_id for s in store.open_conversations(idle_since=NOW.replace(minute=15))] == ["U2"]
    assert [s.conversation.user_id for s in store.open_conversations(limit=1)] == ["U2"]
