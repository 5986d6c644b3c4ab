"""Searches with text or metadata probe the sort index, then gather through GIN when the
probe falls short: whichever statement answers, the pages are the same as the in-memory
adapter's. PROBE_ROWS is shrunk so that a few products exercise both paths, and the cut
between them, on every page of every index-backed sort."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.memory.catalog import (
    InMemoryCatalogStore,
    InMemoryCatalogUnitOfWork,
)
from adapters.outbound.persistence.postgres.catalog import PostgresCatalogUnitOfWork, search
from application.catalog.ports import CatalogUnitOfWork, ProductPosition, ProductQuery, ProductSort
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import Product
from domain.catalog.stock import StockLevel
from domain.catalog.values import ProductId
from tests.builders.catalog import a_category, a_product, a_stock_level, later

pytestmark = pytest.mark.postgres

SORTS = [ProductSort.NEWEST, ProductSort.PRICE, ProductSort.PRICE_DESC, ProductSort.NAME]
CRITERIA: dict[str, dict[str, Any]] = {
    "a word": {"text": "lamp"},
    "two words": {"text": "desk lamp"},
    "metadata": {"metadata": ProductMetadata({"bulb": "led"})},
    "a word, metadata and stock": {
        "text": "lamp",
        "metadata": ProductMetadata({"bulb": "led"}),
        "in_stock": True,
    },
    "nothing matches": {"text": "wardrobe"},
}


def _products() -> tuple[list[Any], list[Product | StockLevel]]:
    category = a_category()
    things: list[Product | StockLevel] = []
    names = ["Desk Lamp", "Floor Lamp", "Desk", "Chair", "lamp", "Office Desk Lamp"]
    for n in range(30):
        product = a_product(
            category,
            name=names[n % len(names)],
            price=(n * 7) % 11 * 100,
            created_at=later(minutes=n % 4),
            metadata={"bulb": "led" if n % 3 else "halogen"},
        )
        things += [product, a_stock_level(product, on_hand=n % 4)]
    return [category], things


async def _stored(uow: CatalogUnitOfWork, things: list[Any]) -> None:
    async with uow:
        for thing in things:
            if isinstance(thing, Product):
                await uow.products.add(thing)
            elif isinstance(thing, StockLevel):
                await uow.stock.add(thing)
            else:
                await uow.categories.add(thing)
        await uow.commit()


async def _walk(uow: CatalogUnitOfWork, page_size: int, **criteria: Any) -> list[ProductId]:
    seen: list[ProductId] = []
    after = None
    sort = criteria["sort"]
    for _ in range(100):  # more pages than products: a cursor that does not advance
        async with uow:
            page = await uow.search.search(ProductQuery(after=after, limit=page_size, **criteria))
        seen.extend(hit.product.id for hit in page)
        if len(page) < page_size:
            return seen
        after = ProductPosition(key=page[-1].sort_key(sort), product_id=page[-1].product.id)
    raise AssertionError(f"the walk did not end: {len(seen)} hits and counting")


@pytest.mark.parametrize("criteria", list(CRITERIA))
@pytest.mark.parametrize("sort", SORTS)
async def test_pages_equal_the_memory_adapters_when_probe_and_gather_share_the_work(
    pg_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, criteria: str, sort: ProductSort
) -> None:
    categories, things = _products()
    store = InMemoryCatalogStore()
    await _stored(InMemoryCatalogUnitOfWork(store), categories + things)
    await _stored(PostgresCatalogUnitOfWork(pg_engine), categories + things)
    monkeypatch.setattr(search, "PROBE_ROWS", 7)

    for page_size in (1, 3, 5):
        in_postgres = await _walk(
            PostgresCatalogUnitOfWork(pg_engine), page_size, sort=sort, **CRITERIA[criteria]
        )

        assert in_postgres == await _walk(
            InMemoryCatalogUnitOfWork(store), page_size, sort=sort, **CRITERIA[criteria]
        )
