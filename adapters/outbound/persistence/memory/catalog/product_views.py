"""Products as clients see them, read with their stock from the in-memory store."""

from __future__ import annotations

from adapters.outbound.persistence.memory.catalog.store import PRODUCTS, STOCK_LEVELS
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.catalog.ports import ProductViews
from application.catalog.views import ProductView
from domain.catalog.values import ProductId


class InMemoryProductViews(ProductViews):
    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def get(self, product_id: ProductId) -> ProductView | None:
        # Copies: the view shares the product's metadata, which must not be the stored one.
        product = self._tx.get(PRODUCTS, product_id)
        level = self._tx.get(STOCK_LEVELS, product_id)
        if product is None or level is None:  # PostgreSQL's inner join
            return None
        return ProductView.of(product, level)
