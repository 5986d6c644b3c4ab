"""Product search in memory: PostgreSQL's filters, order and keyset paging, in Python."""

from __future__ import annotations

from uuid import UUID

from adapters.outbound.persistence.memory.catalog.store import PRODUCTS, STOCK_LEVELS
from adapters.outbound.persistence.memory.catalog.text_search import rank, words
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.catalog.ports import (
    ProductHits,
    ProductQuery,
    ProductSearch,
    ProductSort,
    SortKey,
    sort_key,
)
from application.catalog.views import ProductView
from domain.catalog.product import Product
from domain.catalog.stock import StockLevel
from domain.catalog.values import ProductId

_DESCENDING = frozenset({ProductSort.NEWEST, ProductSort.PRICE_DESC, ProductSort.RELEVANCE})


class InMemoryProductSearch(ProductSearch):
    """Scans every product: fine for tests and small ``--memory`` shops, not for millions."""

    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def search(self, query: ProductQuery) -> ProductHits:
        levels = {
            level.product_id: level for level in self._tx.select(STOCK_LEVELS, lambda _: True)
        }
        query_words = words(query.text) if query.text else []
        ranks: dict[ProductId, float] = {}

        def matches(product: Product) -> bool:
            level = levels.get(product.id)
            if level is None or not _filters_hold(product, level, query):
                return False
            found = rank(query_words, product) if query_words else 0.0
            if found is None:
                return False
            ranks[product.id] = found
            return True

        descending = query.sort in _DESCENDING
        found = [
            (ProductView.of(product, levels[product.id]), ranks[product.id])
            for product in self._tx.select(PRODUCTS, matches)
        ]
        found = [hit for hit in found if _beyond(*hit, query, descending)]
        found.sort(key=lambda hit: _order_key(hit[0], hit[1], query.sort), reverse=descending)
        page = found[: max(query.limit, 0)]
        return ProductHits([view for view, _ in page], [rank for _, rank in page])


def _filters_hold(product: Product, level: StockLevel, query: ProductQuery) -> bool:
    price = product.price
    return (
        (query.include_inactive or product.active)
        and (query.category_ids is None or product.category_id in query.category_ids)
        and (query.min_price is None or price.amount >= query.min_price)
        and (query.max_price is None or price.amount <= query.max_price)
        and (query.currency is None or price.currency == query.currency)
        and (query.in_stock is None or (level.available > 0) == query.in_stock)
        and (query.metadata is None or product.metadata.contains(query.metadata))
    )


def _beyond(view: ProductView, rank: float, query: ProductQuery, descending: bool) -> bool:
    after = query.after
    if after is None:
        return True
    mine = _order_key(view, rank, query.sort)
    theirs = (after.key, after.product_id)
    return mine < theirs if descending else mine > theirs


def _order_key(view: ProductView, rank: float, sort: ProductSort) -> tuple[SortKey, UUID]:
    return sort_key(view, rank, sort), view.id
