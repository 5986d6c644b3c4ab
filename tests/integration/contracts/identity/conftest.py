"""Every identity port contract runs against each of its adapters: memory and PostgreSQL."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.memory.identity import (
    InMemoryIdentityStore,
    InMemoryIdentityUnitOfWork,
)
from adapters.outbound.persistence.postgres.identity import PostgresIdentityUnitOfWork
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
    engine: AsyncEngine = request.getfixturevalue("pg_engine")
    return lambda: PostgresIdentityUnitOfWork(engine)


@pytest_asyncio.fixture
async def warm_pool(pg_engine: AsyncEngine) -> None:
    """Open the pool's connections up front, so that concurrent tasks in a test really
    overlap instead of being spaced out by connection set-up."""
    async with AsyncExitStack() as stack:
        for _ in range(CONCURRENT_TASKS):
            await stack.enter_async_context(pg_engine.connect())


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
