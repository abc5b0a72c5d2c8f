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
    """Who has a card on screen ahead of its save, by conversation and by person (one open conversation each)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._saved: dict[str, threading.Event] = {}

    @contextmanager
    def posting(self, conversation_id: str, user_id: str) -> Iterator[None]:
        """Around posting a card and the save (or insert) it was drawn for."""
        saved = threading.Event()
        with self._lock:
            self._saved[conversation_id] = self._saved[_person(user_id)] = saved
        try:
            yield
        finally:
            saved.set()
            with self._lock:
                for key in (conversation_id, _person(user_id)):
                    if self._saved.get(key) is saved:
                        del self._saved[key]

    def wait_for(self, conversation_id: str, timeout: float = WAIT_SECONDS) -> bool:
        """True once a card-then-save under way here for this conversation is saved (or given up); False if none is."""
        return self._wait(conversation_id, timeout)

    def wait_for_person(self, user_id: str, timeout: float = WAIT_SECONDS) -> bool:
        """The same for whatever this person's newest card is: a typed answer must see the save it follows."""
        return self._wait(_person(user_id), timeout)

    def _wait(self, key: str, timeout: float) -> bool:
        with self._lock:
            saved = self._saved.get(key)
        if saved is None:
            return False
        saved.wait(timeout)
        return True


def _person(user_id: str) -> str:
    return f"user:{user_id}"
