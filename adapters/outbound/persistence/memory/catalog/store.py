"""The catalog's in-memory data: one store per process, shared by its units of work."""

from __future__ import annotations

from adapters.outbound.persistence.memory.store import InMemoryStore, Table
from domain.catalog.category import Category
from domain.catalog.product import Product
from domain.catalog.reservation import Reservation
from domain.catalog.stock import StockLevel, StockMovement
from domain.catalog.values import CategoryId, OrderId, ProductId

CATEGORIES: Table[CategoryId, Category] = Table("categories")
PRODUCTS: Table[ProductId, Product] = Table("products")
STOCK_LEVELS: Table[ProductId, StockLevel] = Table("stock_levels")
STOCK_MOVEMENTS: Table[tuple[ProductId, int], StockMovement] = Table("stock_movements")
RESERVATIONS: Table[OrderId, Reservation] = Table("reservations")


class InMemoryCatalogStore(InMemoryStore):
    """Categories, products, stock, its ledger and reservations, committed; its own type so
    that no other context's unit of work can be handed the catalog's data by mistake."""
