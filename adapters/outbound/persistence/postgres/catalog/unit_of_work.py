"""The catalog's unit of work: one pooled connection and transaction per ``async with``."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.outbound.persistence.postgres.catalog.categories import PostgresCategoryRepository
from adapters.outbound.persistence.postgres.catalog.product_views import PostgresProductViews
from adapters.outbound.persistence.postgres.catalog.products import PostgresProductRepository
from adapters.outbound.persistence.postgres.catalog.reservations import (
    PostgresReservationRepository,
)
from adapters.outbound.persistence.postgres.catalog.search import PostgresProductSearch
from adapters.outbound.persistence.postgres.catalog.stock import (
    PostgresStockLevelRepository,
    PostgresStockMovementLedger,
)
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.catalog.ports import CatalogUnitOfWork


class PostgresCatalogUnitOfWork(CatalogUnitOfWork):
    def __init__(self, pool: ConnectionPool, *, autocommit: bool = False) -> None:
        self._tx = PostgresTransaction(pool, autocommit=autocommit)
        self.categories = PostgresCategoryRepository(self._tx)
        self.products = PostgresProductRepository(self._tx)
        self.stock = PostgresStockLevelRepository(self._tx)
        self.movements = PostgresStockMovementLedger(self._tx)
        self.reservations = PostgresReservationRepository(self._tx)
        self.search = PostgresProductSearch(self._tx)
        self.product_views = PostgresProductViews(self._tx)

    async def __aenter__(self) -> Self:
        await self._tx.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._tx.end()

    async def commit(self) -> None:
        await self._tx.commit()
