"""Every identity port contract runs against each of its adapters: memory and PostgreSQL."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from adapters.outbound.persistence.memory.identity import (
    InMemoryIdentityStore,
    InMemoryIdentityUnitOfWork,
)
from adapters.outbound.persistence.postgres.identity import PostgresIdentityUnitOfWork
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.identity.ports import IdentityUnitOfWork
from domain.identity.tokens import OneTimeToken, RefreshToken
from domain.identity.user import User

NewUnitOfWork = Callable[[], IdentityUnitOfWork]
Given = Callable[..., Awaitable[None]]

CONCURRENT_TASKS = 10


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def new_uow(request: pytest.FixtureRequest) -> NewUnitOfWork:
    """Makes units of work on one empty store: a fresh memory store, or the emptied database."""
    if request.param == "memory":
        store = InMemoryIdentityStore()
        return lambda: InMemoryIdentityUnitOfWork(store)
    request.getfixturevalue("warm_pool")
    pool: ConnectionPool = request.getfixturevalue("pg_pool")
    return lambda: PostgresIdentityUnitOfWork(pool)


@pytest.fixture
def given(new_uow: NewUnitOfWork) -> Given:
    """Stores users and tokens in one committed unit of work, in the order given."""

    async def store(*things: User | RefreshToken | OneTimeToken) -> None:
        async with new_uow() as uow:
            for thing in things:
                if isinstance(thing, User):
                    await uow.users.add(thing)
                elif isinstance(thing, RefreshToken):
                    await uow.refresh_tokens.add(thing)
                else:
                    await uow.one_time_tokens.add(thing)
            await uow.commit()

    return store
