"""Health is a real write and read; errors leave as StorageError with a short cause and no patient data."""

from __future__ import annotations

import pytest

from bot.store import StorageError, Store
from tests.store.support import PATIENT_NAME, conversation, raw


def test_a_health_check_writes_a_heartbeat_and_reads_it_back(store: Store, store_location: str) -> None:
    store.check_health()
    store.check_health()
    assert raw(store_location, "SELECT COUNT(*) FROM heartbeat") == [(1,)]


def test_a_refused_write_says_why_without_quoting_the_row_and_the_store_goes_on(store: Store) -> None:
    stored = store.insert(conversation(with_patient=True), {"kind": "dm"})
    with pytest.raises(StorageError) as refused:
        store.insert(conversation(with_patient=True), {"kind": "dm"})
    assert refused.value.cause == "the row already exists or breaks a constraint"
    assert PATIENT_NAME not in str(refused.value) and refused.value.__cause__ is None
    assert refused.value.__suppress_context__, "the driver's message is not chained into a logged traceback"
    assert store.get(stored.conversation.id) == stored
    store.check_health()
