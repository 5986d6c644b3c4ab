"""Bulk loading into the in-memory catalog, with the checks of the PostgreSQL loader.

Which ids, slugs and SKUs are taken is read once per transaction into sets (a copy of every
stored record: fine at the sizes memory serves), so a load costs time in proportion to what
it loads rather than a scan of the store per record.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Self

from adapters.outbound.persistence.memory.catalog.store import (
    CATEGORIES,
    PRODUCTS,
    STOCK_LEVELS,
    STOCK_MOVEMENTS,
    InMemoryCatalogStore,
)
from application.catalog.bulk_loading import CatalogBulkLoader, StockedProduct
from domain.catalog.category import Category
from domain.catalog.errors import CategorySlugTakenError, SkuTakenError, UnknownCategoryError
from domain.catalog.values import CategoryId, ProductId
from domain.shared.errors import ConflictError


class InMemoryCatalogBulkLoader(CatalogBulkLoader):
    """Nothing is stored until the whole of a ``load`` has passed its checks."""

    def __init__(self, store: InMemoryCatalogStore) -> None:
        self._tx = store.transaction()
        self._category_ids: set[CategoryId] = set()
        self._slugs: set[str] = set()
        self._product_ids: set[ProductId] = set()
        self._skus: set[str] = set()
        self._newest: datetime | None = None

    async def __aenter__(self) -> Self:
        await self._tx.begin()
        stored_categories = self._tx.select(CATEGORIES, lambda _: True)
        self._category_ids = {category.id for category in stored_categories}
        self._slugs = {category.slug.value for category in stored_categories}
        stored_products = self._tx.select(PRODUCTS, lambda _: True)
        self._product_ids = {product.id for product in stored_products}
        self._skus = {product.sku.value for product in stored_products}
        self._newest = max((product.created_at for product in stored_products), default=None)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._tx.end()

    async def count_categories(self) -> int:
        return len(self._category_ids)

    async def count_products(self) -> int:
        return len(self._product_ids)

    async def newest_product_created_at(self) -> datetime | None:
        return self._newest

    async def load(
        self, categories: Sequence[Category], products: Sequence[StockedProduct]
    ) -> None:
        category_ids, slugs = set(self._category_ids), set(self._slugs)
        for category in categories:
            if category.id in category_ids:
                raise ConflictError(f"category {category.id} already exists")
            if category.slug.value in slugs:
                raise CategorySlugTakenError(category.slug.value)
            if category.parent_id is not None and category.parent_id not in category_ids:
                raise UnknownCategoryError(category.parent_id, field="parent_id")
            category_ids.add(category.id)
            slugs.add(category.slug.value)
        product_ids, skus = set(self._product_ids), set(self._skus)
        for stocked in products:
            product = stocked.product
            if product.id in product_ids:
                raise ConflictError(f"product {product.id} already exists")
            if product.sku.value in skus:
                raise SkuTakenError(product.sku.value)
            if product.category_id not in category_ids:
                raise UnknownCategoryError(product.category_id)
            product_ids.add(product.id)
            skus.add(product.sku.value)
        self._store(categories, products)
        self._category_ids, self._slugs = category_ids, slugs
        self._product_ids, self._skus = product_ids, skus
        times = [stocked.product.created_at for stocked in products]
        if self._newest is not None:
            times.append(self._newest)
        self._newest = max(times, default=None)

    async def commit(self) -> None:
        self._tx.commit()

    def _store(self, categories: Sequence[Category], products: Sequence[StockedProduct]) -> None:
        for category in categories:
            self._tx.put(CATEGORIES, category.id, category)
        for stocked in products:
            self._tx.put(PRODUCTS, stocked.product.id, stocked.product)
            self._tx.put(STOCK_LEVELS, stocked.stock.product_id, stocked.stock)
            for movement in stocked.movements:
                self._tx.put(STOCK_MOVEMENTS, (movement.product_id, movement.sequence), movement)
