"""Two processes on one store: a request one acknowledged and never finished is done by the other, once.

On both stores. Replica A acknowledges a request (it is in the inbox) and dies
before doing it. Replica B, sweeping, leaves it alone while it is young enough
to still be in A's hands, does it once it is REPLAY_AFTER old, and never twice,
even when it read the entry just before another replica did it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from bot.assistant import Assistant, housekeeping
from bot.engine import Step
from bot.store import Store
from bot.store.factory import open_store
from tests.core.conftest import Clinic, assistant_for
from tests.core.desk import Desk, RecordingSlack

REPLAY_AFTER = timedelta(minutes=2)


def acknowledged_command(assistant: Assistant, slack: RecordingSlack) -> None:
    """What replica A did before it died: the ack (the request is in the inbox), none of the work."""
    assert assistant.accept(Desk(assistant, slack).command_request("john smith to friday morning"))


@pytest.fixture
def second_store(store_location: str) -> Iterator[Store]:
    """Replica B's own connections to the same database."""
    opened = open_store(store_location)
    yield opened
    opened.close()


def replica(clinic: Clinic, store: Store, name: str) -> tuple[Assistant, RecordingSlack]:
    slack = RecordingSlack()
    built = assistant_for(clinic, store, slack)
    built.owner = name
    return built, slack


def test_a_request_the_dead_replica_acknowledged_is_done_by_the_live_one_once_it_is_old_enough(
    clinic: Clinic, store: Store, second_store: Store
) -> None:
    dead, dead_slack = replica(clinic, store, "replica-a")
    live, slack = replica(clinic, second_store, "replica-b")
    acknowledged_command(dead, dead_slack)

    assert housekeeping.replay(live, older_than=REPLAY_AFTER) == 0, "young: it may still be in A's hands"
    assert slack.latest("U1") is None and second_store.active_for_user("U1") is None

    clinic.clock.advance(minutes=3)
    assert housekeeping.replay(live, older_than=REPLAY_AFTER) == 1
    card = slack.latest("U1")
    assert card is not None and card.step is Step.CHOOSE_SLOT, "the person gets their times card from B"
    assert housekeeping.replay(live, older_than=REPLAY_AFTER) == 0, "done once, never again"


def test_a_replica_that_read_the_request_before_the_other_did_it_does_not_do_it_again(
    clinic: Clinic, store: Store, second_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worst moment: B reads the entry as unfinished, A replays it completely, then B gets to it."""
    first, first_slack = replica(clinic, store, "replica-a")
    second, second_slack = replica(clinic, second_store, "replica-b")
    acknowledged_command(first, first_slack)
    clinic.clock.advance(minutes=3)
    read, first_done = threading.Event(), threading.Event()
    reading = second_store.inbox_unfinished

    def stale(**arguments: Any) -> Any:
        entries = reading(**arguments)
        read.set()
        assert first_done.wait(5)
        return entries

    monkeypatch.setattr(second_store, "inbox_unfinished", stale)
    late: list[int] = []
    behind = threading.Thread(target=lambda: late.append(housekeeping.replay(second, older_than=REPLAY_AFTER)))
    behind.start()
    assert read.wait(5)
    assert housekeeping.replay(first, older_than=REPLAY_AFTER) == 1
    first_done.set()
    behind.join()

    assert late == [0], "B found A's claim on it"
    assert first_slack.latest("U1") is not None and second_slack.latest("U1") is None, "one times card, from A"
    assert len(store.open_conversations()) == 1
