"""The PostgreSQL idempotency store beyond its port's contract: expired keys raced for,
swept, and an unreachable server."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest

from adapters.outbound.persistence.postgres.ordering import PostgresIdempotencyStore
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.ordering.errors import IdempotencyKeyInFlightError
from application.ordering.ports import IDEMPOTENCY_KEY_TTL, Begun, Replay
from application.shared.errors import DependencyUnavailableError
from domain.shared.errors import DomainError
from tests.builders.ordering import T0, later

CONCURRENT_TASKS = 20


@pytest.mark.postgres
async def test_exactly_one_begins_when_many_tasks_reuse_one_expired_key_at_once(
    pg_pool: ConnectionPool,
) -> None:
    store = PostgresIdempotencyStore(pg_pool)
    user = uuid4()
    await store.begin(user, "k", "old", T0)
    await store.complete(user, "k", 201, {"id": "old"})
    expired = T0 + IDEMPOTENCY_KEY_TTL

    async def begin() -> Begun | Replay | DomainError:
        try:
            return await store.begin(user, "k", "new", expired)
        except DomainError as error:
            return error

    answers = await asyncio.gather(*(begin() for _ in range(CONCURRENT_TASKS)))

    assert answers.count(Begun()) == 1
    assert all(
        isinstance(answer, IdempotencyKeyInFlightError) for answer in answers if answer != Begun()
    )


@pytest.mark.postgres
async def test_purge_expired_deletes_keys_a_ttl_old_and_keeps_younger_ones(
    pg_pool: ConnectionPool,
) -> None:
    store = PostgresIdempotencyStore(pg_pool)
    user = uuid4()
    await store.begin(user, "old-done", "fp", T0)
    await store.complete(user, "old-done", 200, {"ok": True})
    await store.begin(user, "old-running", "fp", T0)
    await store.begin(user, "young", "fp", later(minutes=1))
    await store.complete(user, "young", 200, {"ok": True})

    purged = await store.purge_expired(T0 + IDEMPOTENCY_KEY_TTL)

    assert purged == 2
    assert await store.begin(user, "young", "fp", later(hours=2)) == Replay(
        status=200, body={"ok": True}
    )
    assert await store.begin(user, "old-done", "other", later(hours=2)) == Begun()


async def test_begin_raises_dependency_unavailable_when_the_server_refuses(
    unused_tcp_port: int,
) -> None:
    pool = ConnectionPool(f"postgresql://postgres@127.0.0.1:{unused_tcp_port}/postgres")
    store = PostgresIdempotencyStore(pool)

    try:
        with pytest.raises(DependencyUnavailableError):
            await store.begin(uuid4(), "k", "fp", T0)
    finally:
        await pool.close()
