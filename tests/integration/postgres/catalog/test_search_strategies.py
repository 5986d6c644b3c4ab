"""Searches with text, metadata, categories or a price range walk the sort index, then
gather through the other indexes when the walks come short: whichever statement answers,
the pages are the same as the in-memory adapter's. PILOT_ROWS and PROBE_ROWS are shrunk so
that a few products exercise every path (pilot, longer walk, a gather within a window of
the sort order, gather), and the cuts between them, on every page of every index-backed
sort. Relevance ranks a bounded set of matches.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.memory.catalog import (
    InMemoryCatalogStore,
    InMemoryCatalogUnitOfWork,
)
from adapters.outbound.persistence.postgres.catalog import PostgresCatalogUnitOfWork, search
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.catalog.ports import CatalogUnitOfWork, ProductQuery, ProductSort
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import Product
from domain.catalog.stock import StockLevel
from domain.catalog.values import ProductId
from tests.builders.catalog import a_category, a_product, a_stock_level, later

pytestmark = pytest.mark.postgres

SORTS = [ProductSort.NEWEST, ProductSort.PRICE, ProductSort.PRICE_DESC, ProductSort.NAME]
LIGHTING, FURNITURE = a_category(name="Lighting"), a_category(name="Furniture")
CRITERIA: dict[str, dict[str, Any]] = {
    "a word": {"text": "lamp"},
    "two words": {"text": "desk lamp"},
    "metadata": {"metadata": ProductMetadata({"bulb": "led"})},
    "rarer metadata": {"metadata": ProductMetadata({"bulb": "halogen"})},
    "a word, metadata and stock": {
        "text": "lamp",
        "metadata": ProductMetadata({"bulb": "led"}),
        "in_stock": True,
    },
    "a category and a price range": {
        "category_ids": frozenset({LIGHTING.id}),
        "min_price": 200,
        "max_price": 800,
    },
    "categories, a narrow price range and stock": {
        "category_ids": frozenset({LIGHTING.id, FURNITURE.id}),
        "min_price": 700,
        "max_price": 700,
        "in_stock": False,
    },
    "a price range": {"min_price": 300, "max_price": 600},
    "nothing matches": {"text": "wardrobe"},
}


def _products() -> list[Product | StockLevel]:
    things: list[Product | StockLevel] = []
    names = ["Desk Lamp", "Floor Lamp", "Desk", "Chair", "lamp", "Office Desk Lamp"]
    for n in range(30):
        product = a_product(
            LIGHTING if n % 5 else FURNITURE,
            name=names[n % len(names)],
            price=(n * 7) % 11 * 100,
            created_at=later(minutes=n % 4),
            metadata={"bulb": "led" if n % 3 else "halogen"},
        )
        things += [product, a_stock_level(product, on_hand=n % 4)]
    return things


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
        seen.extend(view.id for view in page.views)
        if len(page) < page_size:
            return seen
        after = page.position(-1, sort)
    raise AssertionError(f"the walk did not end: {len(seen)} hits and counting")


@pytest.mark.parametrize("criteria", list(CRITERIA))
@pytest.mark.parametrize("sort", SORTS)
async def test_pages_equal_the_memory_adapters_when_walks_and_gather_share_the_work(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
    monkeypatch: pytest.MonkeyPatch,
    criteria: str,
    sort: ProductSort,
) -> None:
    things = [LIGHTING, FURNITURE, *_products()]
    store = InMemoryCatalogStore()
    await _stored(InMemoryCatalogUnitOfWork(store), things)
    await _stored(PostgresCatalogUnitOfWork(pg_pool), things)
    async with pg_engine.begin() as connection:  # the count of products the walks weigh
        await connection.execute(text("ANALYZE products"))
    monkeypatch.setattr(search, "PILOT_ROWS", 4)
    monkeypatch.setattr(search, "PROBE_ROWS", 9)

    for page_size in (1, 3, 5):
        in_postgres = await _walk(
            PostgresCatalogUnitOfWork(pg_pool), page_size, sort=sort, **CRITERIA[criteria]
        )

        assert in_postgres == await _walk(
            InMemoryCatalogUnitOfWork(store), page_size, sort=sort, **CRITERIA[criteria]
        )


@pytest.mark.parametrize("page_size", [1, 2, 3])
async def test_relevance_pages_rank_only_the_first_matches_when_more_match_than_it_ranks(
    pg_pool: ConnectionPool, monkeypatch: pytest.MonkeyPatch, page_size: int
) -> None:
    things = [LIGHTING, FURNITURE, *_products()]
    await _stored(PostgresCatalogUnitOfWork(pg_pool), things)
    monkeypatch.setattr(search, "RANKED_MATCHES", 4)

    walked = await _walk(
        PostgresCatalogUnitOfWork(pg_pool), page_size, text="lamp", sort=ProductSort.RELEVANCE
    )

    lamps = {
        thing.id for thing in things if isinstance(thing, Product) and "amp" in thing.name.value
    }
    assert len(walked) == len(set(walked)) == 4
    assert set(walked) <= lamps
