"""Group commit: writes that arrive together are committed together, by one of their callers.

Every acknowledgement writes one inbox row before Slack hears back, and SQLite
has one writer. One commit per ack queued the acks on the file's write lock,
and each holder had to get Python's GIL back (from threads drawing cards) at
every step before it could let go: at 50 concurrent requests the acks spent
most of their time in that queue, and the bot acknowledged at a third of the
rate of an app that writes nothing. Here the first caller to arrive writes its
row and every row queued behind it in one statement; the others wait on their
own event (no lock held, no GIL wanted) and read their answer. The next batch
is written by the first caller that queued behind the one being written, so a
caller writes at most the batch it arrived in, never an endless stream.

Each caller still returns only after its own row is committed: the ack's
promise (the request survives a kill -9 from here on) is unchanged. Alone, a
caller writes at once, exactly as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_BATCH = 100
"""Rows per statement at most (far above the ack threads one process runs; keeps a statement's size bounded)."""


class _Waiting(Generic[Item, Result]):
    __slots__ = ("done", "error", "item", "leads", "result")

    def __init__(self, item: Item) -> None:
        self.item = item
        self.result: Result | None = None
        self.error: BaseException | None = None
        self.leads = False
        self.done = threading.Event()

    def answer(self) -> Result:
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]  # set by the batch that wrote it


class GroupCommit(Generic[Item, Result]):
    """Runs `write(items) -> results` (one result per item, same order) for callers that arrive together."""

    def __init__(self, write: Callable[[Sequence[Item]], Sequence[Result]], max_batch: int = MAX_BATCH) -> None:
        self._write, self.max_batch = write, max_batch
        self._mutex = threading.Lock()
        self._queue: list[_Waiting[Item, Result]] = []
        self._writing = False

    def submit(self, item: Item) -> Result:
        """Write `item` (with whatever arrived meanwhile); its result, or the batch's error raised here."""
        mine: _Waiting[Item, Result] = _Waiting(item)
        with self._mutex:
            self._queue.append(mine)
            mine.leads = not self._writing
            self._writing = True
        if not mine.leads:
            mine.done.wait()
            if not mine.leads:  # answered by a batch another caller wrote
                return mine.answer()
        self._write_a_batch()
        return mine.answer()

    def _write_a_batch(self) -> None:
        with self._mutex:
            batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
        try:
            results = self._write([waiting.item for waiting in batch])
            for waiting, result in zip(batch, results, strict=True):  # strict: one result per item, or an error
                waiting.result = result
        except BaseException as error:  # each caller raises it, as if it had written alone
            for waiting in batch:
                waiting.error = error
        finally:
            with self._mutex:
                following = self._queue[0] if self._queue else None
                if following is not None:
                    following.leads = True
                else:
                    self._writing = False
            for waiting in batch:
                waiting.done.set()
            if following is not None:
                following.done.set()


__all__ = ["MAX_BATCH", "GroupCommit"]
