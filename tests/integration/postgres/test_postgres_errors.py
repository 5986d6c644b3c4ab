"""Driver failures never cross a port: they arrive as the errors the ports document."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.postgres.errors import translated_errors
from adapters.outbound.persistence.postgres.identity import PostgresIdentityUnitOfWork
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.shared.errors import DependencyUnavailableError
from tests.builders.identity import a_user


async def _end_sessions_idle_in_transaction(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        result = await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND state = 'idle in transaction'"
            )
        )
        return len(result.all())


async def test_unit_of_work_raises_dependency_unavailable_when_the_server_refuses(
    unused_tcp_port: int,
) -> None:
    pool = ConnectionPool(f"postgresql://postgres@127.0.0.1:{unused_tcp_port}/postgres")

    async with PostgresIdentityUnitOfWork(pool) as uow:
        with pytest.raises(DependencyUnavailableError):
            await uow.users.get(a_user().id)

    await pool.close()


@pytest.mark.postgres
async def test_repository_raises_dependency_unavailable_when_the_server_ends_the_session(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    user = a_user()
    uow = PostgresIdentityUnitOfWork(pg_pool)

    async with uow:
        await uow.users.get(user.id)
        assert await _end_sessions_idle_in_transaction(pg_engine) == 1

        with pytest.raises(DependencyUnavailableError):
            await uow.users.get(user.id)


@pytest.mark.postgres
async def test_next_unit_of_work_succeeds_when_the_server_ended_an_earlier_session(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    user = a_user()

    async def read_across_a_lost_session() -> None:
        async with PostgresIdentityUnitOfWork(pg_pool) as uow:
            await uow.users.get(user.id)
            await _end_sessions_idle_in_transaction(pg_engine)
            await uow.users.get(user.id)

    with pytest.raises(DependencyUnavailableError):
        await read_across_a_lost_session()

    async with PostgresIdentityUnitOfWork(pg_pool) as fresh:
        await fresh.users.add(user)
        await fresh.commit()

    async with PostgresIdentityUnitOfWork(pg_pool) as check:
        assert await check.users.get(user.id) is not None


def test_pool_timeout_becomes_dependency_unavailable_when_no_connection_frees_up() -> None:
    with pytest.raises(DependencyUnavailableError), translated_errors():
        raise TimeoutError  # what asyncpg's pool raises when no connection frees up in time
