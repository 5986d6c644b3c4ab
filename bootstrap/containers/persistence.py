"""Adapter sets for storage: in memory, or PostgreSQL. Each provides the same names."""

from __future__ import annotations

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.memory.catalog.store import InMemoryCatalogStore
from adapters.outbound.persistence.memory.catalog.unit_of_work import InMemoryCatalogUnitOfWork
from adapters.outbound.persistence.memory.identity.store import InMemoryIdentityStore
from adapters.outbound.persistence.memory.identity.unit_of_work import InMemoryIdentityUnitOfWork
from adapters.outbound.persistence.memory.ordering import (
    InMemoryIdempotencyStore,
    InMemoryOrderingStore,
    InMemoryOrderingUnitOfWork,
)
from adapters.outbound.persistence.memory.readiness import InMemoryReadinessProbe
from adapters.outbound.persistence.postgres.catalog.unit_of_work import PostgresCatalogUnitOfWork
from adapters.outbound.persistence.postgres.engine import create_engine
from adapters.outbound.persistence.postgres.identity.unit_of_work import (
    PostgresIdentityUnitOfWork,
)
from adapters.outbound.persistence.postgres.ordering import (
    PostgresIdempotencyStore,
    PostgresOrderingUnitOfWork,
)
from adapters.outbound.persistence.postgres.readiness import PostgresReadinessProbe


async def nothing_to_close() -> None:
    return None


async def dispose(engine: AsyncEngine) -> None:
    await engine.dispose()


class MemoryPersistence(containers.DeclarativeContainer):
    identity_store = providers.Singleton(InMemoryIdentityStore)
    identity_uow = providers.Factory(InMemoryIdentityUnitOfWork, store=identity_store)
    catalog_store = providers.Singleton(InMemoryCatalogStore)
    catalog_uow = providers.Factory(InMemoryCatalogUnitOfWork, store=catalog_store)
    ordering_store = providers.Singleton(InMemoryOrderingStore)
    ordering_uow = providers.Factory(InMemoryOrderingUnitOfWork, store=ordering_store)
    idempotency_store = providers.Singleton(InMemoryIdempotencyStore, store=ordering_store)
    readiness = providers.Singleton(InMemoryReadinessProbe)
    close = providers.Callable(nothing_to_close)


class PostgresPersistence(containers.DeclarativeContainer):
    database_url = providers.Dependency(instance_of=str)
    pool_size = providers.Dependency(instance_of=int, default=10)

    engine = providers.Singleton(create_engine, database_url, pool_size=pool_size)
    identity_uow = providers.Factory(PostgresIdentityUnitOfWork, engine=engine)
    catalog_uow = providers.Factory(PostgresCatalogUnitOfWork, engine=engine)
    ordering_uow = providers.Factory(PostgresOrderingUnitOfWork, engine=engine)
    idempotency_store = providers.Singleton(PostgresIdempotencyStore, engine=engine)
    readiness = providers.Singleton(PostgresReadinessProbe, engine=engine)
    close = providers.Callable(dispose, engine)
