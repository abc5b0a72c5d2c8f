"""Work run in separate processes by the race tests (module-level so `spawn` can import it)."""

from __future__ import annotations

from datetime import timedelta
from multiprocessing.synchronize import Barrier
from typing import Any

from bot.engine.state import Step
from bot.store import Lease, LeaseTaken
from bot.store.factory import open_store
from tests.store.support import NOW, conversation


def save_after_barrier(location: str, number: int, barrier: Barrier, results: Any) -> None:
    """Open the store in this process, wait for the others, then try to move the shared conversation on."""
    store = open_store(location)
    try:
        base = conversation(Step.CONFIRM).model_copy(update={"version": 1})
        barrier.wait(timeout=30)
        saved = store.save(base.model_copy(update={"step": Step.APPLYING, "note": str(number)}), expected_version=1)
        results.put((number, saved is not None))
    finally:
        store.close()


def take_lease_after_barrier(location: str, number: int, barrier: Barrier, results: Any) -> None:
    store = open_store(location)
    try:
        lease = Lease("appointment:sandbox:apt-0001", f"c{number}", NOW + timedelta(minutes=5))
        barrier.wait(timeout=30)
        results.put((number, store.take_lease(lease, now=NOW)))
    finally:
        store.close()


def save_with_lease_after_barrier(location: str, number: int, barrier: Barrier, results: Any) -> None:
    """Each process moves its own conversation to applying, claiming the same appointment."""
    store = open_store(location)
    try:
        mine = conversation(Step.CONFIRM, user=f"U{number}").model_copy(update={"version": 1})
        lease = Lease("appointment:sandbox:apt-0001", mine.id, NOW + timedelta(minutes=5))
        barrier.wait(timeout=30)
        try:
            saved = store.save(mine.model_copy(update={"step": Step.APPLYING}), expected_version=1, take_lease=lease)
        except LeaseTaken:
            saved = None
        results.put((number, saved is not None))
    finally:
        store.close()
