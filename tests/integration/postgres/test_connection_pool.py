"""The adapters' connection pool: first come, first served, a bounded wait, pinned settings."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import make_url

from adapters.outbound.persistence.postgres.pool import ConnectionPool
from tests.integration.conftest import NewDatabase

pytestmark = pytest.mark.postgres


async def test_connections_go_to_waiters_in_the_order_they_asked(postgres_url: str) -> None:
    pool = ConnectionPool(postgres_url, size=2)
    served: list[str] = []

    async def client(name: str) -> None:
        connection = await pool.acquire()
        served.append(name)
        await asyncio.sleep(0.001)
        await pool.release(connection)

    try:
        held = [await pool.acquire(), await pool.acquire()]
        waiting = [asyncio.create_task(client(name)) for name in "abcdef"]
        await asyncio.sleep(0.05)  # every waiter is queued
        for connection in held:
            await pool.release(connection)
            # Newcomers arriving as connections come back queue behind the waiters.
            waiting.append(asyncio.create_task(client(f"late{len(waiting)}")))
        await asyncio.gather(*waiting)
    finally:
        await pool.close()

    assert served == ["a", "b", "c", "d", "e", "f", "late6", "late7"]


async def test_a_request_waits_for_a_connection_at_most_the_acquire_timeout(
    postgres_url: str,
) -> None:
    pool = ConnectionPool(postgres_url, size=1, acquire_timeout=0.2)
    try:
        held = await pool.acquire()
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            await pool.acquire()
        assert 0.15 < time.monotonic() - started < 2
        await pool.release(held)
        await pool.release(await pool.acquire())  # the timed-out wait gave its turn back
    finally:
        await pool.close()


async def test_timestamps_read_as_text_are_iso_8601_in_utc_whatever_the_database_defaults(
    new_database: NewDatabase,
) -> None:
    # Search hits read their timestamps as text (search.py): the pool pins the format.
    url = await new_database()
    name = make_url(url).database
    setup = ConnectionPool(url, size=1)
    try:
        connection = await setup.acquire()
        await connection.execute(f"ALTER DATABASE {name} SET TimeZone = 'Pacific/Chatham'")
        await connection.execute(f"ALTER DATABASE {name} SET DateStyle = 'SQL, DMY'")
        await setup.release(connection)
    finally:
        await setup.close()
    pool = ConnectionPool(url, size=1)
    try:
        connection = await pool.acquire()
        written = await connection.fetchval(
            "SELECT '2026-01-02 03:04:05.6+13:45'::timestamptz::text"
        )
        await pool.release(connection)
    finally:
        await pool.close()

    moment = datetime.fromisoformat(written)
    assert moment == datetime(2026, 1, 1, 13, 19, 5, 600000, tzinfo=UTC)
    assert moment.tzinfo is UTC
