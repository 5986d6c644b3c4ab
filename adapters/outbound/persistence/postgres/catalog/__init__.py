"""The catalog's categories, products, stock, reservations, search and product views in
PostgreSQL."""

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
from adapters.outbound.persistence.postgres.catalog.unit_of_work import PostgresCatalogUnitOfWork

__all__ = [
    "PostgresCatalogUnitOfWork",
    "PostgresCategoryRepository",
    "PostgresProductRepository",
    "PostgresProductSearch",
    "PostgresProductViews",
    "PostgresReservationRepository",
    "PostgresStockLevelRepository",
    "PostgresStockMovementLedger",
]
