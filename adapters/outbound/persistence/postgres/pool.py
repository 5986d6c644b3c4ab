"""The asyncpg connection pool every PostgreSQL adapter shares.

Statements run on asyncpg directly (see statements.py): SQLAlchemy's async execution layer
costs about three times the driver's own work per statement, and the pool is on every
request's path. SQLAlchemy stays for what it is good at here: the tables, the statements
built from them, and Alembic's migrations.
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import orjson
from sqlalchemy.engine import URL, make_url

_POSTGRES_SCHEMES = frozenset({"postgres", "postgresql"})
_ACQUIRE_TIMEOUT_SECONDS = 5.0
_CONNECT_TIMEOUT_SECONDS = 5.0
_SESSION_SETTINGS = {
    "application_name": "hexashop",
    # JIT compilation costs more than it saves on the short queries here.
    "jit": "off",
    # Timestamps that statements read as text (search hits) are ISO 8601 in UTC, whatever
    # the server's or the database's defaults.
    "DateStyle": "ISO",
    "TimeZone": "UTC",
}


class ConnectionPool:
    """A fixed-size asyncpg pool, opened on first use (it needs the running event loop).

    A request waits at most five seconds for a free connection and then fails as
    "database unavailable" rather than queueing without bound. Waiters are served first come,
    first served (a FIFO semaphore in front of the pool): asyncpg's own queue lets a newcomer
    take a connection that was just handed to a waiter still being woken, and under load
    some requests waited a second while most took milliseconds. Connections are not reset
    with a round trip when they come back: units of work end their own transactions, and
    nothing here uses session state (LISTEN, advisory session locks, SET).
    """

    def __init__(
        self,
        database_url: str,
        *,
        size: int = 10,
        acquire_timeout: float = _ACQUIRE_TIMEOUT_SECONDS,
    ) -> None:
        self.dsn = asyncpg_dsn(database_url)
        self.size = size
        self._acquire_timeout = acquire_timeout
        self._pool: Any = None
        self._opening = asyncio.Lock()
        self._turns = asyncio.Semaphore(size)

    async def acquire(self) -> Any:
        """A connection (asyncpg.Connection) that must be given back with ``release``."""
        pool = self._pool or await self._open()
        if self._turns.locked():
            async with asyncio.timeout(self._acquire_timeout):
                await self._turns.acquire()
        else:
            await self._turns.acquire()  # returns at once: no timer to arm
        try:
            return await pool.acquire()
        except BaseException:
            self._turns.release()
            raise

    async def release(self, connection: Any) -> None:
        try:
            await self._pool.release(connection)
        finally:
            self._turns.release()

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def _open(self) -> Any:
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self.dsn,
                    min_size=1,
                    max_size=self.size,
                    timeout=_CONNECT_TIMEOUT_SECONDS,
                    init=_prepare_connection,
                    reset=_end_transaction,
                    server_settings=_SESSION_SETTINGS,
                )
        return self._pool


async def _prepare_connection(connection: Any) -> None:
    # JSON columns arrive as Python values and are sent from them, like every other type.
    # jsonb in binary (what COPY needs too): a version byte, 1, then the JSON text.
    await connection.set_type_codec(
        "jsonb", schema="pg_catalog", encoder=_jsonb, decoder=_from_jsonb, format="binary"
    )
    await connection.set_type_codec(
        "json", schema="pg_catalog", encoder=orjson.dumps, decoder=orjson.loads, format="binary"
    )


def _jsonb(value: object) -> bytes:
    return b"\x01" + orjson.dumps(value)


def _from_jsonb(data: bytes) -> object:
    return orjson.loads(data[1:])


async def _end_transaction(connection: Any) -> None:
    """What a connection needs before reuse: no transaction left open by a failed unit."""
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")


def postgres_url(database_url: str) -> URL:
    """The URL as ``postgresql://`` (whatever driver it named); ValueError if not PostgreSQL."""
    url = make_url(database_url)
    if url.get_backend_name() not in _POSTGRES_SCHEMES:
        raise ValueError(f"not a PostgreSQL URL: {url.render_as_string(hide_password=True)}")
    return url.set(drivername="postgresql")


def asyncpg_dsn(database_url: str) -> str:
    """A libpq-style URL asyncpg accepts (``postgresql+asyncpg://`` and ``sslmode`` too)."""
    return postgres_url(database_url).render_as_string(hide_password=False)
