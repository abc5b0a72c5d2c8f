"""Fewer round trips: a read is one query and one decode per row; a turn's save is one write transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from bot.engine.state import Conversation, Step
from bot.store import Lease, Store, appointment_lease
from bot.store.factory import is_postgresql
from bot.store.postgres import PostgreSQLStore
from bot.store.sqlite import SQLiteStore
from tests.store.support import NOW, audit, conversation


class Statements:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def touching(self, table: str) -> list[str]:
        return [sql for sql in self.seen if table in sql]

    def writes(self) -> list[str]:
        return [sql for sql in self.seen if sql.strip().upper().startswith(("BEGIN", "COMMIT"))]


@pytest.fixture
def traced(store_location: str) -> Iterator[tuple[Store, Statements]]:
    """A store that records every statement it sends."""
    statements = Statements()
    store: Any
    if is_postgresql(store_location):

        class Recording(psycopg.Cursor[Any]):
            def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
                statements.seen.append(str(query))
                return super().execute(query, params, **kwargs)

        store = PostgreSQLStore(store_location, max_size=1, connect_kwargs={"cursor_factory": Recording})
        # psycopg runs a transaction's BEGIN/COMMIT itself, not through the cursor: record its blocks
        original = store._transaction

        def recorded_transaction() -> Any:
            statements.seen.append("BEGIN")
            return original()

        store._transaction = recorded_transaction
    else:
        store = SQLiteStore(store_location)
        for impatient in (False, True):  # the second: the ack path's inbox insert (SQLiteConnections.write_now)
            with store._connections.using(impatient=impatient) as db:
                db.conn.set_trace_callback(statements.seen.append)
    yield store, statements
    store.close()


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = Conversation.model_validate_json

    def counting(data: Any, **kwargs: Any) -> Conversation:
        seen.append("decode")
        return original(data, **kwargs)

    monkeypatch.setattr(Conversation, "model_validate_json", counting)
    return seen


def test_reading_a_conversation_is_one_query_and_one_decode(
    traced: tuple[Store, Statements], decodes: list[str]
) -> None:
    store, statements = traced
    store.insert(conversation(Step.NEED_WINDOW, "U1", id="older"), {"kind": "dm"})
    store.insert(conversation(Step.CHOOSE_SLOT, "U1", NOW + timedelta(minutes=1), id="newer"), {"kind": "command"})
    for read in (
        lambda: store.get("older"),
        lambda: store.active_for_user("U1", surface_kind="dm"),
        lambda: store.active_for_user("U1"),
    ):
        statements.seen.clear()
        decodes.clear()
        assert read() is not None
        assert len(statements.touching("conversations")) == 1, statements.seen
        assert decodes == ["decode"]


def test_a_turn_saved_with_its_surface_lease_and_audit_is_one_write_transaction(
    traced: tuple[Store, Statements], decodes: list[str]
) -> None:
    store, statements = traced
    base = store.insert(conversation(Step.CONFIRM, "U1"), {"kind": "dm"}).conversation
    statements.seen.clear()
    decodes.clear()
    saved = store.save(
        base.model_copy(update={"step": Step.APPLYING}),
        expected_version=1,
        surface={"kind": "command", "response_url": "http://r"},
        take_lease=Lease(appointment_lease("sandbox", "apt-0001"), base.id, NOW + timedelta(minutes=5)),
        audit=[audit("apt-0001", outcome="not_applied")],
    )
    assert saved is not None
    assert [sql.split()[0].upper() for sql in statements.writes()] in (["BEGIN", "COMMIT"], ["BEGIN"])
    assert statements.writes()[0].upper().startswith("BEGIN")
    assert decodes == [], "a save never re-reads what it just wrote"
