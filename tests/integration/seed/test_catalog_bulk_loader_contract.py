"""The CatalogBulkLoader contract, against each adapter: memory and PostgreSQL.

``new_loader`` makes loaders over one empty store, and ``new_uow`` units of work over the same
store, so a suite checks what a load left through the catalog's own repositories.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

import pytest

from adapters.outbound.persistence.memory.catalog.bulk_load import InMemoryCatalogBulkLoader
from adapters.outbound.persistence.memory.catalog.store import InMemoryCatalogStore
from adapters.outbound.persistence.memory.catalog.unit_of_work import InMemoryCatalogUnitOfWork
from adapters.outbound.persistence.postgres.catalog.bulk_load import PostgresCatalogBulkLoader
from adapters.outbound.persistence.postgres.catalog.unit_of_work import PostgresCatalogUnitOfWork
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.catalog.bulk_loading import CatalogBulkLoader, StockedProduct
from application.catalog.ports import CatalogUnitOfWork
from domain.catalog.category import Category
from domain.catalog.errors import CategorySlugTakenError, SkuTakenError, UnknownCategoryError
from domain.catalog.stock import StockLevel, StockMovementReason
from domain.catalog.values import CategoryId
from tests.builders.catalog import T0, a_category, a_product, a_unique_sku, later

ACTOR_ID = uuid4()


@dataclass(frozen=True, slots=True)
class Store:
    new_loader: Callable[[], CatalogBulkLoader]
    new_uow: Callable[[], CatalogUnitOfWork]


def _memory(request: pytest.FixtureRequest) -> Store:
    store = InMemoryCatalogStore()
    return Store(lambda: InMemoryCatalogBulkLoader(store), lambda: InMemoryCatalogUnitOfWork(store))


def _postgres(request: pytest.FixtureRequest) -> Store:
    pool: ConnectionPool = request.getfixturevalue("pg_pool")  # emptied per test
    return Store(lambda: PostgresCatalogBulkLoader(pool), lambda: PostgresCatalogUnitOfWork(pool))


@pytest.fixture(
    params=[
        pytest.param(_memory, id="memory"),
        pytest.param(_postgres, id="postgres", marks=pytest.mark.postgres),
    ]
)
def store(request: pytest.FixtureRequest) -> Store:
    factory: Callable[[pytest.FixtureRequest], Store] = request.param
    return factory(request)


def stocked(
    category: Category | CategoryId,
    *,
    units: int = 0,
    sku: str | None = None,
    created_at: datetime = T0,
) -> StockedProduct:
    product = a_product(
        category, sku=sku if sku is not None else a_unique_sku(), created_at=created_at
    )
    level = StockLevel.open(product_id=product.id, now=T0)
    movements = (
        (level.adjust(units, StockMovementReason.RECEIVE, by=ACTOR_ID, now=T0),) if units else ()
    )
    return StockedProduct(product=product, stock=level, movements=movements)


async def test_loaded_products_read_back_with_stock_and_ledger_when_committed(
    store: Store,
) -> None:
    root = a_category()
    leaf = a_category(parent=root)
    item = stocked(leaf, units=12)

    async with store.new_loader() as loader:
        await loader.load([root, leaf], [item])
        await loader.commit()

    async with store.new_uow() as uow:
        product = await uow.products.get(item.product.id)
        level = await uow.stock.get(item.product.id)
        ledger = await uow.movements.list_for_product(item.product.id, before=None, limit=10)
        subtree = await uow.categories.subtree(root.id)
    assert product is not None
    assert product.sku == item.product.sku
    assert level is not None
    assert (level.on_hand, level.last_sequence) == (12, 1)
    assert [(m.reason, m.on_hand_delta) for m in ledger] == [(StockMovementReason.RECEIVE, 12)]
    assert [c.id for c in subtree] == [root.id, leaf.id]


async def test_counts_include_what_the_transaction_loaded_when_counted(store: Store) -> None:
    category = a_category()

    async with store.new_loader() as loader:
        before = (await loader.count_categories(), await loader.count_products())
        await loader.load([category], [stocked(category), stocked(category)])
        after = (await loader.count_categories(), await loader.count_products())

    assert (before, after) == ((0, 0), (1, 2))


async def test_newest_creation_time_includes_what_the_transaction_loaded_when_asked(
    store: Store,
) -> None:
    category = a_category()
    products = [stocked(category, created_at=later(days=2)), stocked(category)]

    async with store.new_loader() as loader:
        before = await loader.newest_product_created_at()
        await loader.load([category], products)
        after = await loader.newest_product_created_at()

    assert (before, after) == (None, later(days=2))


async def test_newest_creation_time_is_the_stored_products_when_a_later_transaction_asks(
    store: Store,
) -> None:
    category = a_category()
    async with store.new_loader() as loader:
        await loader.load([category], [stocked(category, created_at=later(days=1))])
        await loader.load([], [stocked(category)])
        await loader.commit()

    async with store.new_loader() as loader:
        newest = await loader.newest_product_created_at()

    assert newest == later(days=1)


async def test_nothing_is_kept_when_the_loader_is_left_without_commit(store: Store) -> None:
    category = a_category()
    item = stocked(category, units=3)

    async with store.new_loader() as loader:
        await loader.load([category], [item])

    async with store.new_uow() as uow:
        assert await uow.categories.get(category.id) is None
        assert await uow.products.get(item.product.id) is None


async def test_raises_sku_taken_when_a_stored_product_has_the_sku(store: Store) -> None:
    category = a_category()
    first = stocked(category)
    async with store.new_loader() as loader:
        await loader.load([category], [first])
        await loader.commit()

    with pytest.raises(SkuTakenError):
        async with store.new_loader() as loader:
            await loader.load([], [stocked(category, sku=first.product.sku.value)])


async def test_raises_slug_taken_when_a_load_repeats_a_slug(store: Store) -> None:
    with pytest.raises(CategorySlugTakenError):
        async with store.new_loader() as loader:
            await loader.load([a_category(slug="twins"), a_category(slug="twins")], [])


async def test_raises_unknown_category_and_keeps_nothing_when_a_category_is_missing(
    store: Store,
) -> None:
    category = a_category()
    item = stocked(category)

    async with store.new_loader() as loader:
        await loader.load([category], [])
        with pytest.raises(UnknownCategoryError):
            await loader.load([], [item, stocked(CategoryId(uuid4()))])

    async with store.new_uow() as uow:
        assert await uow.categories.get(category.id) is None
