"""The vocabulary of product names the search corrects misspelt words against is kept up
to date by the database itself: on every insert and update of products, COPY included."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.postgres.catalog import PostgresCatalogUnitOfWork
from adapters.outbound.persistence.postgres.catalog.tables import product_name_words
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.catalog.ports import ProductQuery, ProductSort
from domain.catalog.stock import StockLevel
from domain.catalog.values import ProductName
from tests.builders.catalog import T0, a_category, a_product, later

pytestmark = pytest.mark.postgres


async def _vocabulary(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set((await connection.execute(select(product_name_words.c.word))).scalars())


async def test_adding_products_records_the_words_of_their_names_when_committed(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    category = a_category()

    async with PostgresCatalogUnitOfWork(pg_pool) as uow:
        await uow.categories.add(category)
        await uow.products.add(a_product(category, name="USB-C Dock, 12-port"))
        await uow.products.add(a_product(category, name="Dock Café"))
        await uow.commit()

    assert await _vocabulary(pg_engine) == {"usb", "c", "dock", "12", "port", "café"}


async def test_renaming_a_product_adds_the_new_words_and_keeps_the_old_when_saved(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    category = a_category()
    product = a_product(category, name="Desk Lamp")
    async with PostgresCatalogUnitOfWork(pg_pool) as uow:
        await uow.categories.add(category)
        await uow.products.add(product)
        await uow.commit()

    async with PostgresCatalogUnitOfWork(pg_pool) as uow:
        loaded = await uow.products.get(product.id)
        assert loaded is not None
        loaded.rename(ProductName("Floor Lantern"), now=later(minutes=1))
        await uow.products.save(loaded)
        await uow.commit()

    assert await _vocabulary(pg_engine) == {"desk", "lamp", "floor", "lantern"}


async def test_copying_products_in_records_the_words_of_their_names_when_loaded_in_bulk(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    category = a_category()
    product = a_product(category, name="Walnut Bookshelf")
    async with PostgresCatalogUnitOfWork(pg_pool) as uow:
        await uow.categories.add(category)
        await uow.commit()
    row: dict[str, Any] = {
        "id": product.id,
        "sku": product.sku.value,
        "name": product.name.value,
        "name_key": product.name.sort_key,
        "description": "",
        "price_cents": 100,
        "currency": "EUR",
        "category_id": category.id,
        "metadata": "{}",
        "active": True,
        "created_at": T0,
        "updated_at": T0,
        "version": 1,
    }

    async with pg_engine.begin() as connection:
        driver: Any = (await connection.get_raw_connection()).driver_connection
        await driver.copy_records_to_table(
            "products", records=[tuple(row.values())], columns=list(row)
        )

    assert await _vocabulary(pg_engine) == {"walnut", "bookshelf"}


async def test_search_corrects_a_misspelt_word_of_a_renamed_product_when_searching(
    pg_pool: ConnectionPool,
) -> None:
    category = a_category()
    product = a_product(category, name="Desk Lamp")
    async with PostgresCatalogUnitOfWork(pg_pool) as uow:
        await uow.categories.add(category)
        await uow.products.add(product)
        await uow.stock.add(StockLevel.open(product_id=product.id, now=T0))
        loaded = await uow.products.get(product.id)
        assert loaded is not None
        loaded.rename(ProductName("Floor Lantern"), now=later(minutes=1))
        await uow.products.save(loaded)
        await uow.commit()

    async with PostgresCatalogUnitOfWork(pg_pool) as uow:
        found = await uow.search.search(ProductQuery(text="lantren"))
        stale = await uow.search.search(ProductQuery(text="lamp"))

    assert ([view.id for view in found.views], stale.views) == ([product.id], [])


async def test_a_products_rank_is_unchanged_when_the_vocabulary_gains_another_correction(
    pg_pool: ConnectionPool,
) -> None:
    category = a_category()
    first, later_one = a_product(category, name="Karan Dock"), a_product(category, name="Saran")

    async def add(product: Any) -> None:
        async with PostgresCatalogUnitOfWork(pg_pool) as uow:
            await uow.products.add(product)
            await uow.stock.add(StockLevel.open(product_id=product.id, now=T0))
            await uow.commit()

    async def rank_of_first() -> tuple[float, int]:
        async with PostgresCatalogUnitOfWork(pg_pool) as uow:
            hits = await uow.search.search(ProductQuery(text="kaaran", sort=ProductSort.RELEVANCE))
        ranks = {view.id: rank for view, rank in zip(hits.views, hits.ranks, strict=True)}
        return ranks[first.id], len(hits)

    async with PostgresCatalogUnitOfWork(pg_pool) as uow:
        await uow.categories.add(category)
        await uow.commit()
    await add(first)
    before, found_before = await rank_of_first()

    await add(later_one)  # "saran" is a correction of "kaaran" too

    assert (before, found_before) != (0.0, 0)
    assert await rank_of_first() == (before, 2)
