"""The "Working on it" card, drawn only when the booking system is slow to answer.

A Confirm click saves `applying` and then waits for the booking system. Most
answers come in well under a second, and drawing "Working on it" first costs
a Slack call per change and holds the outcome back behind it (the person
sees the card flash). So the working card is drawn only once the change has
taken `after` seconds, the usual rule for progress indicators. Until then
the confirm card stays as it was; a second click on it is an old version
and is answered "already handled", so nothing acts twice either way.

`after=0` draws it at once, before the change (the old behaviour, which
tests that stop a process mid-change rely on).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def working_card_if_slow(draw: Callable[[], object], *, after: float) -> Iterator[None]:
    """Run the body; if it is still running after `after` seconds, `draw()` the working card meanwhile.

    The working card never lands after what follows the body: leaving the body waits for a drawing
    already under way, and a drawing that has not started by then never starts.
    """
    if after <= 0:
        draw()
        yield
        return
    lock = threading.Lock()
    finished = False

    def late() -> None:
        with lock:
            if not finished:
                draw()

    timer = threading.Timer(after, late)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            finished = True


__all__ = ["working_card_if_slow"]
