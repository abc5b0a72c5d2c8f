"""Pytest fixtures that run a test on both stores: SQLite in a temp file, PostgreSQL in a throwaway cluster.

Use them from a conftest:

    from tests.store_fixtures import postgresql_server, store, store_location  # noqa: F401

or, in a test module (assignments, so ruff's F811 does not flag the test arguments; a module's
fixture also replaces a conftest's fixture of the same name, e.g. tests/core's SQLite-only `store`):

    from tests import store_fixtures

    postgresql_server = store_fixtures.postgresql_server
    store_location = store_fixtures.store_location
    store = store_fixtures.store

`store_location` is parametrized `sqlite` / `postgresql` and gives a fresh,
empty database for each test (a file path, or a `postgresql://` URL of a new
database); `store` is `open_store(store_location)`, closed afterwards.

Tests of the assistant against a store (tests/core) need a fresh store, not a
fresh server-side database: `location(request, sqlite_path, isolation="schema")`
gives a PostgreSQL URL whose connections see only a new schema of one shared
database (`options=-csearch_path=…`), ~5 ms to make instead of CREATE
DATABASE's ~300 ms, so running them on both stores costs little.

How PostgreSQL starts: the session-scoped `postgresql_server` runs the
installed `initdb` and `pg_ctl` (PATH, else /usr/lib/postgresql/*/bin) on a
cluster in a new temp folder, listening only on a unix socket in that folder
(no TCP port to collide with), fsync off (it is thrown away). initdb refuses to
run as root, and the tests (and CI) run as root on this kind of machine, so
then the cluster is made and run as the `postgres` system user (or `nobody`),
which owns the temp folder. It is stopped and removed at the end of the
session. Set CLINIC_BOT_TEST_POSTGRESQL to a server's URL to use that server
instead (each test still gets its own database). When neither works, the
PostgreSQL params are skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

from bot.store import Store
from bot.store.factory import is_postgresql, open_store

EXTERNAL_SERVER = "CLINIC_BOT_TEST_POSTGRESQL"
BACKENDS = ("sqlite", "postgresql")


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return candidates[-1] if candidates else None


@dataclass
class PostgreSQLServer:
    """A running PostgreSQL server the tests may create databases on."""

    admin_url: str
    """A URL to the `postgres` maintenance database as a superuser."""
    databases: list[str] = field(default_factory=list)
    shared_database: str | None = None
    """The database `create_schema` makes its schemas in (made on first use)."""

    def url(self, database: str) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(path="/" + quote(database)))

    def create_schema(self) -> str:
        """A new empty schema of one shared test database; a URL whose sessions use only it."""
        if self.shared_database is None:
            self.shared_database = urlsplit(self.create_database()).path.lstrip("/")
        name = f"clinic_test_{uuid.uuid4().hex[:12]}"
        self.execute(f'CREATE SCHEMA "{name}"', database=self.shared_database)
        parts = urlsplit(self.url(self.shared_database))
        option = quote(f"-csearch_path={name}", safe="")
        return urlunsplit(parts._replace(query="&".join(filter(None, (parts.query, f"options={option}")))))

    def create_database(self) -> str:
        """A new empty database; its URL."""
        name = f"clinic_test_{uuid.uuid4().hex[:12]}"
        self.execute(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return self.url(name)

    def execute(self, sql: str, database: str | None = None) -> None:
        import psycopg

        with psycopg.connect(self.url(database) if database else self.admin_url, autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]


@dataclass
class _Cluster:
    """A throwaway cluster made by initdb in `folder`, run as `user` when we are root."""

    folder: Path
    initdb: str
    pg_ctl: str
    user: str | None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(arguments), user=self.user, capture_output=True, text=True, timeout=60, check=False, cwd=self.folder
        )

    def start(self) -> str | None:
        """None when running, else why not."""
        made = self._run(
            self.initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"
        )
        if made.returncode != 0:
            return f"initdb failed: {made.stderr.strip()[-300:]}"
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        started = self._run(
            self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )
        if started.returncode != 0:
            log = (self.folder / "log").read_text() if (self.folder / "log").exists() else started.stderr
            return f"pg_ctl start failed: {log.strip()[-300:]}"
        return None

    def stop(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@/postgres?host={quote(str(self.folder), safe='/')}"


def _cluster_user() -> tuple[str | None, str | None]:
    """(user to run PostgreSQL as, or why there is none). None as the user means: ourselves."""
    if os.geteuid() != 0:
        return None, None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name, None
    return None, "running as root, and there is no postgres or nobody user to run initdb as"


def start_postgresql() -> tuple[PostgreSQLServer | None, _Cluster | None, str]:
    """A server (and the cluster to stop, when we started one), or the reason there is none."""
    external = os.environ.get(EXTERNAL_SERVER)
    if external:
        return PostgreSQLServer(admin_url=external), None, ""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        return None, None, "PostgreSQL is not installed: no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin"
    user, problem = _cluster_user()
    if problem:
        return None, None, problem
    folder = Path(tempfile.mkdtemp(prefix="clinic-bot-pg-"))
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    cluster = _Cluster(folder, initdb, pg_ctl, user)
    problem = cluster.start()
    if problem:
        shutil.rmtree(folder, ignore_errors=True)
        return None, None, problem
    return PostgreSQLServer(admin_url=cluster.url), cluster, ""


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[PostgreSQLServer]:
    server, cluster, problem = start_postgresql()
    if server is None:
        pytest.skip(problem)
    try:
        yield server
    finally:
        if cluster is not None:
            cluster.stop()
        else:
            for name in server.databases:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


Isolation = Literal["database", "schema"]


def location(request: pytest.FixtureRequest, sqlite_path: Path, *, isolation: Isolation = "database") -> str:
    """For a fixture parametrized by BACKENDS: `sqlite_path`, or a fresh PostgreSQL database (or schema)."""
    if request.param == "sqlite":
        return str(sqlite_path)
    server: PostgreSQLServer = request.getfixturevalue("postgresql_server")
    return server.create_schema() if isolation == "schema" else server.create_database()


@pytest.fixture(params=BACKENDS)
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend: a SQLite path, or a PostgreSQL URL."""
    return location(request, tmp_path / "bot.sqlite3")


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    opened = open_store(store_location)
    try:
        yield opened
    finally:
        opened.close()


__all__ = [
    "BACKENDS",
    "PostgreSQLServer",
    "is_postgresql",
    "location",
    "postgresql_server",
    "store",
    "store_location",
    "table_rows",
]


def table_rows(location: str, table: str) -> list[tuple[object, ...]]:
    """Every row of one of the store's tables exactly as stored, on either backend (for what must never be there)."""
    sql = f"SELECT * FROM {table}"  # our own table names only
    if is_postgresql(location):
        import psycopg

        with psycopg.connect(location) as connection:
            return list(connection.execute(sql).fetchall())  # type: ignore[arg-type]
    import sqlite3

    connection = sqlite3.connect(location)
    try:
        return list(connection.execute(sql))
    finally:
        connection.close()
