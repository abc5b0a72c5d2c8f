"""Conversations whose newest card is on screen before the save that card was drawn for.

A new conversation's first card, and the fresh card a typed answer puts below
the person's words, are posted before their save: the row keeps where the card
is (its channel and ts), which only Slack's answer gives, and storing it in the
same write keeps every turn at one write. For those few milliseconds a click on
the new card finds no row, or a row one version behind the card. Rather than
answer "no longer open" or "already handled" to a click that raced its own
card, the click waits (bounded) for the save to land. Within one process that wait is exact; a click that
reaches another replica in that window still finds nothing (rare: a person
cannot click that fast; a retry or a script can).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

WAIT_SECONDS = 2.0
"""Longest a click waits for its conversation's first save (posting the card to Slack is the slow part)."""


class AheadOfSave:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stored: dict[str, threading.Event] = {}

    @contextmanager
    def posting(self, conversation_id: str) -> Iterator[None]:
        """Around posting a card and the save (or insert) it was drawn for."""
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
        """True once a card-then-save under way here for this conversation is saved (or given up); False if none is."""
        with self._lock:
            stored = self._stored.get(conversation_id)
        if stored is None:
            return False
        stored.wait(timeout)
        return True
