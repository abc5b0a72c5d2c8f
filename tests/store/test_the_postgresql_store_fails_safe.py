"""PostgreSQL: errors in words, and a pooled connection that hit one never comes back to haunt the bot."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
import pytest

from bot.store import StorageError
from bot.store.postgres import PostgreSQLStore
from tests.store.support import conversation
from tests.store_fixtures import PostgreSQLServer


@pytest.fixture
def database(postgresql_server: PostgreSQLServer) -> str:
    return postgresql_server.create_database()


@pytest.fixture
def store(database: str) -> Iterator[PostgreSQLStore]:
    opened = PostgreSQLStore(database, max_size=3, busy_timeout=0.3)
    yield opened
    opened.close()


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _drop_connections(server: PostgreSQLServer, database: str) -> None:
    server.execute(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_name(database)}' "
        "AND pid <> pg_backend_pid()"
    )


def test_a_read_only_spell_fails_with_its_cause_and_nothing_stays_broken_after_it(
    store: PostgreSQLStore, database: str, postgresql_server: PostgreSQLServer
) -> None:
    store.insert(conversation(user="U0"), {})
    # the database turns read-only (as a standby or a full-disk guard would) and sessions reconnect
    postgresql_server.execute(f'ALTER DATABASE "{_name(database)}" SET default_transaction_read_only = on')
    _drop_connections(postgresql_server, database)
    for _ in range(3):  # every session the pool opens now is read-only
        with pytest.raises(StorageError) as refused:
            store.insert(conversation(user="U1"), {})
        assert refused.value.cause == "database is read-only"
    with pytest.raises(StorageError, match="read-only"):
        store.check_health()
    assert store.get(conversation(user="U0").id) is not None, "reads still work during the spell"
    postgresql_server.execute(f'ALTER DATABASE "{_name(database)}" RESET default_transaction_read_only')
    # no restart, and not one more failure: sessions opened during the spell are never used for a write
    for number in range(1, 6):
        store.insert(conversation(user=f"U{number}"), {})
    store.check_health()
    assert store.get(conversation(user="U5").id) is not None


def test_connections_dropped_by_the_server_are_replaced_without_an_error(
    store: PostgreSQLStore, database: str, postgresql_server: PostgreSQLServer
) -> None:
    store.insert(conversation(user="U0"), {})
    _drop_connections(postgresql_server, database)
    assert store.get(conversation(user="U0").id) is not None
    store.check_health()


def test_a_locked_table_says_so_and_works_again_once_the_lock_is_gone(store: PostgreSQLStore, database: str) -> None:
    with psycopg.connect(database) as other:
        other.execute("LOCK TABLE conversations IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        with pytest.raises(StorageError) as locked:
            store.insert(conversation(user="U1"), {})
        assert locked.value.cause == "database is locked"
        assert time.monotonic() - started < 5, "it waits for the lock only as long as it is told to"
        other.rollback()
    store.insert(conversation(user="U1"), {})


def test_an_unreachable_server_is_refused_at_start_with_its_cause(tmp_path: object) -> None:
    started = time.monotonic()
    with pytest.raises(StorageError, match="unreachable"):
        PostgreSQLStore(f"postgresql://postgres@/postgres?host={tmp_path}", timeout=1)
    assert time.monotonic() - started < 10


def test_a_database_closed_to_sessions_fails_with_its_cause_and_the_pool_recovers_when_it_reopens(
    database: str, postgresql_server: PostgreSQLServer
) -> None:
    store = PostgreSQLStore(database, max_size=2, timeout=1)
    try:
        store.insert(conversation(user="U0"), {})
        postgresql_server.execute(f'ALTER DATABASE "{_name(database)}" WITH ALLOW_CONNECTIONS false')
        _drop_connections(postgresql_server, database)
        with pytest.raises(StorageError) as refused:
            store.get(conversation(user="U0").id)
        assert refused.value.cause == "no database connection available (server unreachable or pool exhausted)"
        postgresql_server.execute(f'ALTER DATABASE "{_name(database)}" WITH ALLOW_CONNECTIONS true')
        deadline = time.monotonic() + 20
        while True:  # the pool retries connecting with a back-off: no restart needed
            try:
                stored = store.get(conversation(user="U0").id)
                break
            except StorageError:
                assert time.monotonic() < deadline, "the pool reconnected once the database took sessions again"
                time.sleep(0.2)
        assert stored is not None
    finally:
        store.close()
