"""`hexashop seed` on PostgreSQL: a catalog of the asked size that the use cases read back.

Each test seeds a small catalog (``PRODUCTS`` products in ``CATEGORIES`` categories, a couple
of seconds) into the session's database, emptied by ``pg_engine``, and reads it back through
the catalog's own use cases on ``PostgresCatalogUnitOfWork``: reading a product restores it
through the domain's value objects, so a row that breaks a rule fails the test.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.memory.catalog.bulk_load import InMemoryCatalogBulkLoader
from adapters.outbound.persistence.memory.catalog.store import InMemoryCatalogStore
from adapters.outbound.persistence.memory.catalog.unit_of_work import InMemoryCatalogUnitOfWork
from adapters.outbound.persistence.postgres.catalog.bulk_load import PostgresCatalogBulkLoader
from adapters.outbound.persistence.postgres.catalog.unit_of_work import PostgresCatalogUnitOfWork
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.catalog.bulk_loading import CatalogBulkLoader
from application.catalog.ports import CatalogUnitOfWork
from application.catalog.queries.get_category_tree import (
    GetCategoryTree,
    GetCategoryTreeHandler,
)
from application.catalog.queries.get_product import GetProduct, GetProductHandler
from application.catalog.queries.get_stock import GetStock, GetStockHandler
from application.catalog.queries.list_stock_movements import (
    ListStockMovements,
    ListStockMovementsHandler,
)
from application.catalog.queries.search_products import SearchProducts, SearchProductsHandler
from application.catalog.views import CategoryTreeNode, ProductView
from application.shared.actor import Actor
from bootstrap.seed import (
    ANCHOR,
    PRODUCT_AGE,
    CatalogNotEmptyError,
    SeedRequest,
    SeedResult,
    seed_catalog,
)

pytestmark = pytest.mark.postgres

PRODUCTS = 500
CATEGORIES = 20
ADMIN = Actor(user_id=uuid4(), role="admin", email_verified=True)


async def seed(
    loader: CatalogBulkLoader, *, seed: int = 7, products: int = PRODUCTS, append: bool = False
) -> SeedResult:
    request = SeedRequest(products=products, categories=CATEGORIES, seed=seed, append=append)
    return await seed_catalog(loader, request)


async def every_product(uow: CatalogUnitOfWork) -> list[ProductView]:
    """Every product, inactive ones too, by walking an admin's search by name."""
    handler = SearchProductsHandler(uow=uow)
    found: list[ProductView] = []
    cursor: str | None = None
    while True:
        page = await handler.handle(
            SearchProducts(
                actor=ADMIN, include_inactive=True, sort="name", limit=100, cursor=cursor
            )
        )
        found += page.items
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


async def scalar(engine: AsyncEngine, sql: str) -> Any:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql))).scalar_one()


async def rows(engine: AsyncEngine, sql: str) -> list[Any]:
    async with engine.connect() as connection:
        return list((await connection.execute(text(sql))).all())


async def stored_in_table_order(engine: AsyncEngine) -> list[tuple[int, datetime]]:
    """(product number, created_at) of every product, in the order of the table's pages:
    the physical order, as a sequential scan meets the rows."""
    found = await rows(engine, "SELECT sku, created_at FROM products ORDER BY ctid")
    return [(int(sku.split("-")[1]), created_at) for sku, created_at in found]


async def empty(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("TRUNCATE categories, products, stock_levels CASCADE"))


def fingerprint(products: list[ProductView], tree: list[CategoryTreeNode]) -> list[Any]:
    """What a seed decides, ids included; category ids stand for their slugs' paths."""
    slugs: dict[Any, str] = {}

    def walk(nodes: tuple[CategoryTreeNode, ...] | list[CategoryTreeNode]) -> None:
        for node in nodes:
            slugs[node.id] = node.slug
            walk(node.children)

    walk(tree)
    return sorted(
        (
            str(view.id),
            view.sku,
            view.name,
            view.description,
            view.price_cents,
            view.currency,
            slugs[view.category_id],
            repr(sorted(view.metadata.items())),
            view.active,
            view.created_at.isoformat(),
            view.stock.on_hand,
            view.stock.low_stock_threshold,
        )
        for view in products
    )


async def catalog_fingerprint(uow: CatalogUnitOfWork) -> list[Any]:
    tree = await GetCategoryTreeHandler(uow=uow).handle(GetCategoryTree())
    return fingerprint(await every_product(uow), tree)


async def test_loads_the_asked_categories_products_and_stock_when_the_catalog_is_empty(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    result = await seed(PostgresCatalogBulkLoader(pg_pool))

    assert (result.products, result.categories) == (PRODUCTS, CATEGORIES)
    assert await scalar(pg_engine, "SELECT count(*) FROM products") == PRODUCTS
    assert await scalar(pg_engine, "SELECT count(*) FROM categories") == CATEGORIES
    assert await scalar(pg_engine, "SELECT count(*) FROM stock_levels") == PRODUCTS
    assert (
        await scalar(pg_engine, "SELECT count(*) FROM stock_movements")
        == PRODUCTS - result.out_of_stock
    )
    assert await scalar(pg_engine, "SELECT sum(on_hand) FROM stock_levels") == result.units


async def test_every_product_reads_back_through_the_use_cases_when_seeded(
    pg_pool: ConnectionPool,
) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool))

    products = await every_product(PostgresCatalogUnitOfWork(pg_pool))

    assert len(products) == PRODUCTS
    get = GetProductHandler(uow=PostgresCatalogUnitOfWork(pg_pool))
    for view in (products[0], products[-1], next(p for p in products if not p.active)):
        assert await get.handle(GetProduct(product_id=view.id, actor=ADMIN)) == view


async def test_each_ledger_sums_to_its_stock_level_when_seeded(
    pg_engine: AsyncEngine, pg_pool: ConnectionPool
) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool))

    disagreeing = await scalar(
        pg_engine,
        "SELECT count(*) FROM stock_levels AS level LEFT JOIN ("
        "  SELECT product_id, sum(on_hand_delta) AS units, count(*) AS movements"
        "  FROM stock_movements GROUP BY product_id) AS ledger USING (product_id)"
        " WHERE coalesce(ledger.units, 0) <> level.on_hand"
        "    OR coalesce(ledger.movements, 0) <> level.last_sequence",
    )

    assert disagreeing == 0


async def test_a_stocked_product_shows_its_receive_movement_when_seeded(
    pg_pool: ConnectionPool,
) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool))
    uow = PostgresCatalogUnitOfWork(pg_pool)
    stocked = next(p for p in await every_product(uow) if p.stock.on_hand > 0)

    stock = await GetStockHandler(uow=uow).handle(GetStock(actor=ADMIN, product_id=stocked.id))
    ledger = await ListStockMovementsHandler(uow=uow).handle(
        ListStockMovements(actor=ADMIN, product_id=stocked.id)
    )

    assert stock.on_hand == stocked.stock.on_hand
    assert [(m.reason, m.on_hand_delta, m.sequence) for m in ledger.items] == [
        ("receive", stocked.stock.on_hand, 1)
    ]


async def test_customers_see_only_active_products_and_some_are_out_of_stock_when_seeded(
    pg_pool: ConnectionPool,
) -> None:
    result = await seed(PostgresCatalogBulkLoader(pg_pool))
    search = SearchProductsHandler(uow=PostgresCatalogUnitOfWork(pg_pool))

    out_of_stock = await search.handle(SearchProducts(in_stock=False, limit=100))
    everything = await every_product(PostgresCatalogUnitOfWork(pg_pool))

    assert result.inactive > 0
    assert result.out_of_stock > 0
    assert out_of_stock.items
    assert all(p.active and p.stock.available == 0 for p in out_of_stock.items)
    assert sum(not p.active for p in everything) == result.inactive


async def test_a_misspelt_brand_finds_its_products_when_seeded(pg_pool: ConnectionPool) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool))
    brand = "Brightfield"

    page = await SearchProductsHandler(uow=PostgresCatalogUnitOfWork(pg_pool)).handle(
        SearchProducts(q="brightfeild", sort="relevance", limit=10)
    )

    assert page.items
    assert all(brand in p.name or brand in p.description for p in page.items)


async def test_a_department_filter_finds_products_of_its_whole_subtree_when_seeded(
    pg_pool: ConnectionPool,
) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool))
    uow = PostgresCatalogUnitOfWork(pg_pool)
    department = (await GetCategoryTreeHandler(uow=uow).handle(GetCategoryTree()))[0]
    below = {department.id}
    stack = list(department.children)
    while stack:
        node = stack.pop()
        below.add(node.id)
        stack += node.children

    page = await SearchProductsHandler(uow=uow).handle(
        SearchProducts(category_id=department.id, limit=100)
    )

    assert department.children
    assert page.items
    assert {p.category_id for p in page.items} <= below - {department.id}


async def test_products_lie_in_the_table_in_the_order_of_their_creation_when_seeded(
    pg_engine: AsyncEngine, pg_pool: ConnectionPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small random streams and loads, so that the order holds across them.
    monkeypatch.setattr("bootstrap.seed.CHUNK", 100)
    monkeypatch.setattr("bootstrap.seed.BATCH", 2)
    await seed(PostgresCatalogBulkLoader(pg_pool))

    stored = await stored_in_table_order(pg_engine)

    times = [created_at for _, created_at in stored]
    assert [number for number, _ in stored] == list(range(1, PRODUCTS + 1))
    assert times == sorted(times)
    assert len(set(times)) == PRODUCTS


async def test_products_are_created_over_the_two_years_before_the_anchor_when_seeded(
    pg_engine: AsyncEngine, pg_pool: ConnectionPool
) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool))

    oldest, newest = (
        await rows(pg_engine, "SELECT min(created_at), max(created_at) FROM products")
    )[0]

    slot = PRODUCT_AGE / PRODUCTS
    assert ANCHOR - PRODUCT_AGE <= oldest < ANCHOR - PRODUCT_AGE + slot
    assert ANCHOR - slot <= newest < ANCHOR


async def test_appended_products_are_newer_than_those_stored_when_appending(
    pg_engine: AsyncEngine, pg_pool: ConnectionPool
) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool))

    await seed(PostgresCatalogBulkLoader(pg_pool), products=200, append=True)

    found = await rows(pg_engine, "SELECT sku, created_at FROM products")
    by_number = sorted((int(sku.split("-")[1]), created_at) for sku, created_at in found)
    times = [created_at for _, created_at in by_number]
    assert [number for number, _ in by_number] == list(range(1, PRODUCTS + 200 + 1))
    assert times == sorted(times)
    assert times[PRODUCTS] > times[PRODUCTS - 1]


async def test_the_same_seed_makes_the_same_catalog_when_seeded_twice(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool), seed=7)
    first = await catalog_fingerprint(PostgresCatalogUnitOfWork(pg_pool))
    await empty(pg_engine)

    await seed(PostgresCatalogBulkLoader(pg_pool), seed=7)

    assert await catalog_fingerprint(PostgresCatalogUnitOfWork(pg_pool)) == first


async def test_another_seed_makes_another_catalog_when_seeded(
    pg_engine: AsyncEngine, pg_pool: ConnectionPool
) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool), seed=7)
    first = await catalog_fingerprint(PostgresCatalogUnitOfWork(pg_pool))
    await empty(pg_engine)

    await seed(PostgresCatalogBulkLoader(pg_pool), seed=8)

    second = await catalog_fingerprint(PostgresCatalogUnitOfWork(pg_pool))
    numbers = [{row[1].split("-")[1] for row in rows} for rows in (first, second)]
    assert numbers[0] == numbers[1]  # SKUs number the products of the run
    assert {row[2] for row in second} != {row[2] for row in first}


async def test_memory_holds_the_catalog_postgres_holds_when_seeded_alike(
    pg_pool: ConnectionPool,
) -> None:
    store = InMemoryCatalogStore()
    await seed(PostgresCatalogBulkLoader(pg_pool))

    await seed(InMemoryCatalogBulkLoader(store))

    assert await catalog_fingerprint(InMemoryCatalogUnitOfWork(store)) == (
        await catalog_fingerprint(PostgresCatalogUnitOfWork(pg_pool))
    )


async def test_refuses_and_keeps_the_catalog_when_it_is_not_empty_and_not_appending(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool))

    with pytest.raises(CatalogNotEmptyError):
        await seed(PostgresCatalogBulkLoader(pg_pool), seed=8)

    assert await scalar(pg_engine, "SELECT count(*) FROM products") == PRODUCTS


async def test_appending_adds_a_tree_and_products_of_their_own_when_asked(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    await seed(PostgresCatalogBulkLoader(pg_pool))

    result = await seed(PostgresCatalogBulkLoader(pg_pool), products=200, append=True)

    assert result.offset == PRODUCTS
    assert await scalar(pg_engine, "SELECT count(*) FROM products") == PRODUCTS + 200
    assert await scalar(pg_engine, "SELECT count(DISTINCT sku) FROM products") == PRODUCTS + 200
    assert await scalar(pg_engine, "SELECT count(*) FROM categories") == 2 * CATEGORIES
    assert await scalar(pg_engine, "SELECT count(*) FROM categories WHERE slug LIKE '%-501'") == (
        CATEGORIES
    )
