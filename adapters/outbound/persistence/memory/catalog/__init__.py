"""The catalog's categories, products, stock, reservations, search and product views kept in
process memory."""

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
from adapters.outbound.persistence.memory.catalog.unit_of_work import InMemoryCatalogUnitOfWork

__all__ = [
    "InMemoryCatalogStore",
    "InMemoryCatalogUnitOfWork",
    "InMemoryCategoryRepository",
    "InMemoryProductRepository",
    "InMemoryProductSearch",
    "InMemoryProductViews",
    "InMemoryReservationRepository",
    "InMemoryStockLevelRepository",
    "InMemoryStockMovementLedger",
]
