"""Conversations whose first card is on screen but whose row is not stored yet.

A conversation's first card is posted before its row is inserted: the row keeps
where the card is (its channel and ts), which only Slack's answer gives, and
storing it in the same insert keeps a conversation at one write to start. For
those few milliseconds a click on the new card finds no row. Rather than answer
"no longer open" to a click that raced its own card, the click waits (bounded)
for the insert to land. Within one process that wait is exact; a click that
reaches another replica in that window still finds nothing (rare: a person
cannot click that fast; a retry or a script can).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

WAIT_SECONDS = 2.0
"""Longest a click waits for its conversation's first save (posting the card to Slack is the slow part)."""


class Starting:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stored: dict[str, threading.Event] = {}

    @contextmanager
    def posting(self, conversation_id: str) -> Iterator[None]:
        """Around posting a new conversation's first card and inserting its row."""
        stored = threading.Event()
        with self._lock:
            self._stored[conversation_id] = stored
        try:
            yield
        finally:
            stored.set()
            with self._lock:
                self._stored.pop(conversation_id, None)

    def wait_for(self, conversation_id: str, timeout: float = WAIT_SECONDS) -> bool:
        """True once a conversation that was being started here is stored (or given up); False if none was."""
        with self._lock:
            stored = self._stored.get(conversation_id)
        if stored is None:
            return False
        stored.wait(timeout)
        return True
