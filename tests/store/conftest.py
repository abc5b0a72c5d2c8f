"""Every store test runs on SQLite and on a real PostgreSQL (tests/store_fixtures.py)."""

from tests.store_fixtures import postgresql_server, store, store_location  # noqa: F401
