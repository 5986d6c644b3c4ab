"""PostgreSQL for the integration tests: one migrated database per test session.

With ``HEXASHOP_TEST_DATABASE_URL`` set (CI: ``postgresql://postgres@127.0.0.1:5432/postgres``)
the tests create a uniquely named database on that server and drop it at the end; unset,
they start an embedded PostgreSQL in a temporary directory. Either way the migrations of
every context run once.

Isolation: ``pg_engine`` empties every table of the application (not the Alembic version
tables) before each test, so a test sees only the rows it wrote and may count and list
freely. Tests that need PostgreSQL are marked ``postgres`` (``-m "not postgres"`` skips them
without ever starting a server).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from uuid import uuid4

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from adapters.outbound.persistence.postgres.engine import asyncpg_url
from adapters.outbound.persistence.postgres.migrations import migrate
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from bootstrap.embedded_postgres import EmbeddedPostgres
from tests.support.engine import create_engine

_SERVER_URL_VARIABLE = "HEXASHOP_TEST_DATABASE_URL"
POOL_SIZE = 10

NewDatabase = Callable[[], Awaitable[str]]


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """The URL of a maintenance database on a server where the tests may create databases."""
    configured = os.environ.get(_SERVER_URL_VARIABLE)
    if configured:
        yield configured
        return
    # Not under pytest's tmp_path: every pytest run on the machine resets its root to 0700,
    # which would lock out the `embedded_postgres` user the server runs as under root.
    data_dir = Path(tempfile.mkdtemp(prefix="hexashop-test-"))
    server = EmbeddedPostgres(data_dir)
    url = server.start()
    try:
        yield make_url(url).set(database="postgres").render_as_string(hide_password=False)
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest_asyncio.fixture(scope="session")
async def postgres_url(postgres_server_url: str) -> AsyncIterator[str]:
    """A database of this session, migrated to head."""
    name = f"hexashop_test_{uuid4().hex[:12]}"
    url = await _create_database(postgres_server_url, name)
    try:
        await migrate(url)
        yield url
    finally:
        await _drop_database(postgres_server_url, name)


@pytest_asyncio.fixture
async def new_database(postgres_server_url: str) -> AsyncIterator[NewDatabase]:
    """Creates empty databases (unmigrated) for the test and drops them afterwards."""
    names: list[str] = []

    async def create() -> str:
        names.append(f"hexashop_test_{uuid4().hex[:12]}")
        return await _create_database(postgres_server_url, names[-1])

    yield create
    for name in names:
        await _drop_database(postgres_server_url, name)


@pytest_asyncio.fixture
async def pg_engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the session's database, whose application tables are empty."""
    engine = create_engine(postgres_url)
    async with engine.begin() as connection:
        tables = (
            await connection.execute(
                text(
                    "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"
                    " AND tablename NOT LIKE 'alembic_version%'"
                )
            )
        ).scalars()
        names = ", ".join(tables)
        if names:
            await connection.execute(text(f"TRUNCATE {names} CASCADE"))
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture
async def pg_pool(pg_engine: AsyncEngine, postgres_url: str) -> AsyncIterator[ConnectionPool]:
    """The adapters' connection pool on the same emptied database as ``pg_engine``."""
    pool = ConnectionPool(postgres_url, size=POOL_SIZE)
    yield pool
    await pool.close()


@pytest_asyncio.fixture
async def warm_pool(pg_pool: ConnectionPool) -> None:
    """Open every connection of ``pg_pool`` up front, so that concurrent tasks in a test
    really overlap instead of being spaced out by connection set-up."""
    connections = [await pg_pool.acquire() for _ in range(POOL_SIZE)]
    for connection in connections:
        await pg_pool.release(connection)


async def _create_database(server_url: str, name: str) -> str:
    await _run_outside_transaction(server_url, f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def _drop_database(server_url: str, name: str) -> None:
    await _run_outside_transaction(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _run_outside_transaction(server_url: str, statement: str) -> None:
    engine = create_async_engine(
        asyncpg_url(server_url), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()
