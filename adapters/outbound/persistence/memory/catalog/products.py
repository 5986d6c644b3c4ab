"""Products in memory, with the uniqueness, versions and foreign keys of the PostgreSQL table."""

from __future__ import annotations

from adapters.outbound.persistence.memory.catalog.store import (
    CATEGORIES,
    PRODUCTS,
    RESERVATIONS,
    STOCK_LEVELS,
    STOCK_MOVEMENTS,
)
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.catalog.ports import ProductRepository
from domain.catalog.errors import ProductHasStockHistoryError, SkuTakenError, UnknownCategoryError
from domain.catalog.product import Product
from domain.catalog.values import CategoryId, ProductId, Sku
from domain.shared.errors import ConcurrentUpdateError, ConflictError


class InMemoryProductRepository(ProductRepository):
    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def add(self, product: Product) -> None:
        if self._tx.exists(PRODUCTS, product.id):
            raise ConflictError(f"product {product.id} already exists")
        self._check_references(product)
        self._tx.put(PRODUCTS, product.id, product)

    async def get(self, product_id: ProductId) -> Product | None:
        return self._tx.get(PRODUCTS, product_id)

    async def get_for_update(self, product_id: ProductId) -> Product | None:
        return self._tx.get(PRODUCTS, product_id)

    async def get_by_sku(self, sku: Sku) -> Product | None:
        found = self._tx.select(PRODUCTS, lambda stored: stored.sku == sku, limit=1)
        return found[0] if found else None

    async def save(self, product: Product) -> None:
        stored = self._tx.get(PRODUCTS, product.id)
        if stored is None or stored.version != product.version:
            raise ConcurrentUpdateError(f"product {product.id} changed since it was loaded")
        self._check_references(product)
        product.version += 1
        self._tx.put(PRODUCTS, product.id, product)

    async def delete(self, product_id: ProductId) -> None:
        if self._tx.count(
            STOCK_MOVEMENTS, lambda movement: movement.product_id == product_id
        ) or self._tx.count(
            RESERVATIONS, lambda reservation: product_id in reservation.product_ids
        ):
            raise ProductHasStockHistoryError(product_id)
        self._tx.delete(STOCK_LEVELS, product_id)
        self._tx.delete(PRODUCTS, product_id)

    async def exists_in_category(self, category_id: CategoryId) -> bool:
        return self._tx.count(PRODUCTS, lambda product: product.category_id == category_id) > 0

    def _check_references(self, product: Product) -> None:
        if self._tx.count(
            PRODUCTS, lambda stored: stored.sku == product.sku and stored.id != product.id
        ):
            raise SkuTakenError(product.sku.value)
        if not self._tx.exists(CATEGORIES, product.category_id):
            raise UnknownCategoryError(product.category_id)
