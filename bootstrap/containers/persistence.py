"""Adapter sets for storage: in memory, or PostgreSQL. Each provides the same names.

A ``*_reader`` is a unit of work for queries only; in memory it is the ordinary one.
"""

from __future__ import annotations

from dependency_injector import containers, providers

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
from adapters.outbound.persistence.postgres.identity.unit_of_work import (
    PostgresIdentityUnitOfWork,
)
from adapters.outbound.persistence.postgres.ordering import (
    PostgresIdempotencyStore,
    PostgresOrderingUnitOfWork,
)
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from adapters.outbound.persistence.postgres.readiness import PostgresReadinessProbe


async def nothing_to_close() -> None:
    return None


async def close_pool(pool: ConnectionPool) -> None:
    await pool.close()


class MemoryPersistence(containers.DeclarativeContainer):
    identity_store = providers.Singleton(InMemoryIdentityStore)
    identity_uow = providers.Factory(InMemoryIdentityUnitOfWork, store=identity_store)
    identity_reader = identity_uow
    catalog_store = providers.Singleton(InMemoryCatalogStore)
    catalog_uow = providers.Factory(InMemoryCatalogUnitOfWork, store=catalog_store)
    catalog_reader = catalog_uow
    ordering_store = providers.Singleton(InMemoryOrderingStore)
    ordering_uow = providers.Factory(InMemoryOrderingUnitOfWork, store=ordering_store)
    idempotency_store = providers.Singleton(InMemoryIdempotencyStore, store=ordering_store)
    readiness = providers.Singleton(InMemoryReadinessProbe)
    close = providers.Callable(nothing_to_close)


class PostgresPersistence(containers.DeclarativeContainer):
    database_url = providers.Dependency(instance_of=str)
    pool_size = providers.Dependency(instance_of=int, default=10)

    pool = providers.Singleton(ConnectionPool, database_url, size=pool_size)
    identity_uow = providers.Factory(PostgresIdentityUnitOfWork, pool=pool)
    catalog_uow = providers.Factory(PostgresCatalogUnitOfWork, pool=pool)
    # For queries that read in one statement or need no snapshot across their statements:
    # no BEGIN and no ROLLBACK round trip (see PostgresTransaction).
    identity_reader = providers.Factory(PostgresIdentityUnitOfWork, pool=pool, autocommit=True)
    catalog_reader = providers.Factory(PostgresCatalogUnitOfWork, pool=pool, autocommit=True)
    ordering_uow = providers.Factory(PostgresOrderingUnitOfWork, pool=pool)
    idempotency_store = providers.Singleton(PostgresIdempotencyStore, pool=pool)
    readiness = providers.Singleton(PostgresReadinessProbe, pool=pool)
    close = providers.Callable(close_pool, pool)
