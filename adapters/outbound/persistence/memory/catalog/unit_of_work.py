"""The catalog's unit of work over the in-memory store."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.outbound.persistence.memory.catalog.categories import InMemoryCategoryRepository
from adapters.outbound.persistence.memory.catalog.product_views import InMemoryProductViews
from adapters.outbound.persistence.memory.catalog.products import InMemoryProductRepository
from adapters.outbound.persistence.memory.catalog.reservations import (
    InMemoryReservationRepository,
)
from adapters.outbound.persistence.memory.catalog.search import InMemoryProductSearch
from adapters.outbound.persistence.memory.catalog.stock import (
    InMemoryStockLevelRepository,
    InMemoryStockMovementLedger,
)
from adapters.outbound.persistence.memory.catalog.store import InMemoryCatalogStore
from application.catalog.ports import CatalogUnitOfWork


class InMemoryCatalogUnitOfWork(CatalogUnitOfWork):
    """Transactions on the catalog's store run one at a time (see the store module), which
    gives every lock the ports promise; a task holding one must not open another."""

    def __init__(self, store: InMemoryCatalogStore) -> None:
        self._tx = store.transaction()
        self.categories = InMemoryCategoryRepository(self._tx)
        self.products = InMemoryProductRepository(self._tx)
        self.stock = InMemoryStockLevelRepository(self._tx)
        self.movements = InMemoryStockMovementLedger(self._tx)
        self.reservations = InMemoryReservationRepository(self._tx)
        self.search = InMemoryProductSearch(self._tx)
        self.product_views = InMemoryProductViews(self._tx)

    async def __aenter__(self) -> Self:
        await self._tx.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._tx.end()

    async def commit(self) -> None:
        self._tx.commit()
