"""Acks arriving together: each is answered only once its own row is committed, and they share commits.

One commit per ack queued every acknowledgement on SQLite's single writer; at 50 concurrent
requests the bot acknowledged at a third of the rate of an app that writes nothing. These pin
what the grouping must keep: each caller its own answer, a retried request still recognised
when it arrives in the same batch, an error told to every caller it concerns and to no other.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

import pytest

from bot.sqlite_writers import writer_for
from bot.store import Store
from bot.store.factory import is_postgresql
from bot.store.group_commit import GroupCommit
from tests.store.support import raw
from tests.store.test_acknowledged_requests_are_kept_until_done import entry


class SlowWriter:
    """A write that holds the first batch until `release` is set, recording every batch it is given."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.first_started, self.release = threading.Event(), threading.Event()
        self.fail_on: int | None = None

    def __call__(self, items: Sequence[int]) -> list[int]:
        self.batches.append(list(items))
        if len(self.batches) == 1:
            self.first_started.set()
            assert self.release.wait(5)
        if self.fail_on in items:
            raise OSError("disk full")
        return [item * 10 for item in items]


def _queued(group: GroupCommit[int, int], expected: int) -> bool:
    """Whether `expected` callers wait behind the batch being written (read under the group's own mutex)."""
    for _ in range(500):
        with group._mutex:
            if len(group._queue) >= expected:
                return True
        threading.Event().wait(0.01)
    return False


def _behind_a_slow_write(
    group: GroupCommit[int, int], writer: SlowWriter, pool: ThreadPoolExecutor, first: int, rest: Sequence[int]
) -> tuple[Future[int], list[Future[int]]]:
    """`first` written alone and held; `rest` queued behind it; then the held write is let go."""
    writing = pool.submit(group.submit, first)
    assert writer.first_started.wait(5)
    queued = [pool.submit(group.submit, n) for n in rest]
    assert _queued(group, len(rest))
    writer.release.set()
    return writing, queued


def test_callers_that_queue_behind_a_write_are_committed_in_one_more_write_each_with_its_own_answer() -> None:
    writer = SlowWriter()
    group: GroupCommit[int, int] = GroupCommit(writer)
    with ThreadPoolExecutor(max_workers=9) as pool:
        first, rest = _behind_a_slow_write(group, writer, pool, 1, range(2, 10))
        assert first.result(5) == 10
        assert [future.result(5) for future in rest] == [n * 10 for n in range(2, 10)]
    assert writer.batches[0] == [1]
    assert sorted(writer.batches[1]) == list(range(2, 10)), "the callers that queued were written together"
    assert len(writer.batches) == 2


def test_a_caller_alone_is_written_at_once() -> None:
    written: list[list[str]] = []
    group: GroupCommit[str, bool] = GroupCommit(lambda items: written.append(list(items)) or [True] * len(items))
    assert group.submit("a") is True and group.submit("b") is True
    assert written == [["a"], ["b"]]


def test_a_failed_write_is_raised_to_each_caller_in_it_and_the_next_batch_is_still_written() -> None:
    writer = SlowWriter()
    writer.fail_on = 3
    group: GroupCommit[int, int] = GroupCommit(writer)
    with ThreadPoolExecutor(max_workers=4) as pool:
        first, failing = _behind_a_slow_write(group, writer, pool, 1, (2, 3))
        assert first.result(5) == 10
        for future in failing:
            with pytest.raises(OSError, match="disk full"):
                future.result(5)
    assert group.submit(4) == 40, "a failed batch leaves the group able to write"


def test_a_batch_never_exceeds_its_limit() -> None:
    writer = SlowWriter()
    group: GroupCommit[int, int] = GroupCommit(writer, max_batch=3)
    with ThreadPoolExecutor(max_workers=8) as pool:
        first, rest = _behind_a_slow_write(group, writer, pool, 0, range(1, 8))
        assert first.result(5) == 0 and sorted(f.result(5) for f in rest) == [n * 10 for n in range(1, 8)]
    assert max(len(batch) for batch in writer.batches) <= 3


def test_many_acks_at_once_are_each_kept_and_a_retry_among_them_known(store: Store, store_location: str) -> None:
    """On SQLite the file's writer is held while the acks arrive, so they (and the retries) queue into one batch."""
    keys = [f"trigger-{n}" for n in range(40)] + ["trigger-7", "trigger-7"]  # Slack's retries of one request
    held = nullcontext() if is_postgresql(store_location) else writer_for(Path(store_location)).hold()
    with ThreadPoolExecutor(max_workers=len(keys)) as pool:
        with held:
            answering = [pool.submit(store.inbox_add, entry(key)) for key in keys]
            threading.Event().wait(0.3)  # every ack queued behind the held writer
        answers = [future.result(10) for future in answering]
    assert sum(answers) == 40, "every request new once; each retry of it not new"
    assert [answer for key, answer in zip(keys, answers, strict=True) if key == "trigger-7"].count(True) == 1
    assert sorted(row[0] for row in raw(store_location, "SELECT key FROM inbox")) == sorted(set(keys))
