"""The login's lookup of a user by email uses the unique index on email, also once
PostgreSQL plans it generically.

asyncpg prepares a statement once per connection, and after a few executions PostgreSQL
may keep one generic plan for it, made without the parameters' values. A partial index
(email is unique among users not deleted) serves such a plan only if the statement
spells its predicate out rather than passing the status as a parameter. The test forces
the generic plan of the very statement the repository prepared.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.postgres.identity import PostgresIdentityUnitOfWork
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from domain.identity.values import EmailAddress
from tests.builders.identity import a_user

pytestmark = pytest.mark.postgres

_PREPARED_LOOKUP = """
SELECT name, cardinality(parameter_types) FROM pg_prepared_statements
WHERE statement LIKE 'SELECT users.%FROM users%WHERE users.email = $1%'
"""


@pytest_asyncio.fixture
async def one_connection(
    pg_engine: AsyncEngine, postgres_url: str
) -> AsyncIterator[ConnectionPool]:
    """A pool of one connection on the emptied database: what it prepared stays visible."""
    pool = ConnectionPool(postgres_url, size=1)
    yield pool
    await pool.close()


async def test_lookup_by_email_uses_the_unique_index_when_the_plan_is_generic(
    one_connection: ConnectionPool,
) -> None:
    async with PostgresIdentityUnitOfWork(one_connection) as uow:
        for _ in range(3):
            await uow.users.add(a_user())
        await uow.commit()
    async with PostgresIdentityUnitOfWork(one_connection) as uow:
        await uow.users.get_by_email(EmailAddress.parse("nobody@example.com"))

    connection = await one_connection.acquire()
    try:
        name, parameters = await connection.fetchrow(_PREPARED_LOOKUP)
        assert parameters == 1  # the email; the status is part of the SQL
        await connection.execute("SET plan_cache_mode = force_generic_plan")
        rows = await connection.fetch(f"EXPLAIN EXECUTE {name}('nobody@example.com')")
        await connection.execute("RESET plan_cache_mode")
    finally:
        await one_connection.release(connection)

    plan = "\n".join(row[0] for row in rows)
    assert "uq_users_email_not_deleted" in plan, plan
