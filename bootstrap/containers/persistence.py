"""Adapter sets for storage: in memory, or PostgreSQL. Each provides the same names."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.memory.identity.store import InMemoryIdentityStore
from adapters.outbound.persistence.memory.identity.unit_of_work import InMemoryIdentityUnitOfWork
from adapters.outbound.persistence.memory.readiness import InMemoryReadinessProbe
from adapters.outbound.persistence.postgres.engine import create_engine
from adapters.outbound.persistence.postgres.identity.unit_of_work import (
    PostgresIdentityUnitOfWork,
)
from adapters.outbound.persistence.postgres.readiness import PostgresReadinessProbe


class MemoryPersistence(containers.DeclarativeContainer):
    identity_store = providers.Singleton(InMemoryIdentityStore)
    identity_uow = providers.Factory(InMemoryIdentityUnitOfWork, store=identity_store)
    readiness = providers.Singleton(InMemoryReadinessProbe)


async def engine(database_url: str, pool_size: int) -> AsyncIterator[AsyncEngine]:
    created = create_engine(database_url, pool_size=pool_size)
    yield created
    await created.dispose()


class PostgresPersistence(containers.DeclarativeContainer):
    database_url = providers.Dependency(instance_of=str)
    pool_size = providers.Dependency(instance_of=int, default=10)

    engine = providers.Resource(engine, database_url, pool_size)
    identity_uow = providers.Factory(PostgresIdentityUnitOfWork, engine=engine)
    readiness = providers.Singleton(PostgresReadinessProbe, engine=engine)
