"""Bulk loading of the catalog with COPY: a million products in minutes, not hours.

Each ``load`` is one binary COPY per table through one pooled asyncpg connection, inside
one transaction the loader drives itself. Unique indexes and foreign keys check every row as
for any insert.

Rows are stored in the order given, as a shop's table fills: products handed over in creation
order lie in that order, which newest-first searches and the BRIN index on ``created_at``
count on. Into an empty products table, the first load of products empties it anew
(TRUNCATE, with the tables whose rows reference products, empty too), because COPY into a
table emptied in its own transaction adds every row after the last one. Otherwise it puts
rows into free space the table's pages have left, as any insert does, and the space left at
the end of each full page took later, shorter rows: most products lay a few pages from
their place, and one in two hundred thousands of rows away (some of the newest among the
oldest). Loads into a catalog that holds products go where any insert's would: mostly after
the last page, some into earlier pages' free space.

That first load also drops ``REBUILT_AFTER_LOAD`` (as the database defines them), and
``commit`` builds them again before committing: at a million products that saves minutes
of a ten-minute load on two busy cores, since building a btree from sorted input costs far
less than a million inserts into it (measured: 15 s to build the four, against over a
minute of inserts). The full-text GIN index stays: its fast-update pending list makes
inserts cheaper than a build (70 s to build at a million rows, about 20 s of inserts). So
does the BRIN index on ``created_at``: an insert into a range of pages it has not summarized
leaves it alone, and the VACUUM at the end summarizes the new ranges. Triggers on products
(product_name_words) fire for COPY as for any insert. Emptying and dropping take an ACCESS
EXCLUSIVE lock on products, so searches of other sessions wait for the loader's commit; an
empty catalog has nothing to find meanwhile, and a failed load rolls it all back with
everything else. Loads into a catalog that holds products keep every index.

``commit`` ends with VACUUM (ANALYZE): fresh planner statistics, the GIN indexes' pending
entries merged, and the visibility map set, so the first searches neither guess nor write.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from adapters.outbound.persistence.postgres.catalog.tables import (
    CATEGORIES_PARENT,
    CATEGORIES_SLUG,
    PRODUCT_COLUMNS,
    PRODUCTS_CATEGORY,
    PRODUCTS_SKU,
    STOCK_MOVEMENT_COLUMNS,
    categories,
    product_name_words,
    products,
    reservation_lines,
    stock_levels,
    stock_movements,
)
from adapters.outbound.persistence.postgres.errors import (
    ErrorFactory,
    translated_errors,
    violated_value,
)
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.catalog.bulk_loading import CatalogBulkLoader, StockedProduct
from domain.catalog.category import Category
from domain.catalog.errors import CategorySlugTakenError, SkuTakenError, UnknownCategoryError
from domain.shared.errors import DomainError

# The columns each COPY writes, in the order of the records below; generated columns
# (``products.search_vector``, ``stock_levels.available``) are computed by the server.
CATEGORY_COLUMNS = (
    "id",
    "name",
    "slug",
    "parent_id",
    "position",
    "created_at",
    "updated_at",
    "version",
)
STOCK_LEVEL_COLUMNS = (
    "product_id",
    "on_hand",
    "reserved",
    "low_stock_threshold",
    "last_sequence",
    "updated_at",
    "version",
)
_TABLES = (categories.name, products.name, stock_levels.name, stock_movements.name)
# Products and every table whose rows reference them (TRUNCATE wants them all), so all empty
# when products is.
_EMPTIED_AFTER_LOCK = (
    products.name,
    stock_levels.name,
    stock_movements.name,
    reservation_lines.name,
)
REBUILT_AFTER_LOAD = (
    "ix_products_category_id_price_cents",
    "ix_products_created_at_id",
    "ix_products_price_cents_id",
    "ix_products_name_key_id",
    "ix_products_metadata",
)
# Sorting a million keys in memory; SET LOCAL, so only the loader's own transaction uses it.
_BUILD_MEMORY = "256MB"


class PostgresCatalogBulkLoader(CatalogBulkLoader):
    """Holds one pooled connection from ``__aenter__`` to ``__aexit__``."""

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._driver: Any = None  # the pooled asyncpg.Connection
        self._transaction: Any = None  # asyncpg's Transaction
        self._deferred: list[str] | None = None  # definitions of the indexes to build again

    async def __aenter__(self) -> Self:
        if self._driver is not None:
            raise RuntimeError("this bulk loader is already in a transaction")
        with translated_errors():
            driver = await self._pool.acquire()
        try:
            transaction = driver.transaction()
            with _translated():
                await transaction.start()
        except BaseException:
            await self._pool.release(driver)
            raise
        self._driver, self._transaction = driver, transaction
        self._deferred = None
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        driver, self._driver = self._driver, None
        transaction, self._transaction = self._transaction, None
        if driver is None:
            return
        try:
            if transaction is not None and not driver.is_closed():
                with _translated():
                    await transaction.rollback()
        finally:
            await self._pool.release(driver)

    async def count_categories(self) -> int:
        return await self._count(categories.name)

    async def count_products(self) -> int:
        return await self._count(products.name)

    async def newest_product_created_at(self) -> datetime | None:
        driver = self._in_transaction()
        with _translated():
            newest: datetime | None = await driver.fetchval(
                f"SELECT max(created_at) FROM {products.name}"  # noqa: S608 - our table name
            )
        return newest

    async def load(
        self, categories: Sequence[Category], products: Sequence[StockedProduct]
    ) -> None:
        driver = self._in_transaction()
        if products and self._deferred is None:
            self._deferred = await self._defer_indexes()
        records = await asyncio.to_thread(_records, categories, products)
        for table, columns, rows in zip(_TABLES, _COLUMNS, records, strict=True):
            if rows:
                with _translated():
                    await driver.copy_records_to_table(table, records=rows, columns=columns)

    async def commit(self) -> None:
        driver = self._in_transaction()
        with _translated():
            if self._deferred:
                await driver.execute(f"SET LOCAL maintenance_work_mem = '{_BUILD_MEMORY}'")
                for definition in self._deferred:
                    await driver.execute(definition)
            await self._transaction.commit()
        self._transaction = None
        with _translated():
            # The vocabulary the products' trigger filled needs its statistics too.
            vacuumed = (*_TABLES, product_name_words.name)
            await driver.execute(f"VACUUM (ANALYZE) {', '.join(vacuumed)}")

    async def _count(self, table: str) -> int:
        driver = self._in_transaction()
        with _translated():
            count = await driver.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608 - our table names
        return int(count)

    async def _defer_indexes(self) -> list[str]:
        """Into an empty products table: empty it anew and drop the indexes rebuilt after the
        load; their DDL. Into one that holds products: nothing."""
        driver = self._in_transaction()
        holds_products = f"SELECT EXISTS (SELECT FROM {products.name})"  # noqa: S608 - ours
        with _translated():
            if await driver.fetchval(holds_products):
                return []
            # Locked, then asked again: TRUNCATE would discard what another session committed
            # since (READ COMMITTED: this statement sees it).
            await driver.execute(f"LOCK TABLE {products.name} IN ACCESS EXCLUSIVE MODE")
            if await driver.fetchval(holds_products):
                return []
            await driver.execute(f"TRUNCATE {', '.join(_EMPTIED_AFTER_LOCK)}")
            rows = await driver.fetch(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = current_schema() AND tablename = $1"
                " AND indexname = ANY($2::text[]) ORDER BY indexname",
                products.name,
                list(REBUILT_AFTER_LOAD),
            )
            for row in rows:
                await driver.execute(f'DROP INDEX "{row["indexname"]}"')
        return [row["indexdef"] for row in rows]

    def _in_transaction(self) -> Any:
        if self._driver is None or self._transaction is None:
            raise RuntimeError("bulk loader used outside its `async with` block or after commit")
        return self._driver


_COLUMNS = (CATEGORY_COLUMNS, PRODUCT_COLUMNS, STOCK_LEVEL_COLUMNS, STOCK_MOVEMENT_COLUMNS)
_Rows = list[tuple[Any, ...]]


def _records(
    categories: Sequence[Category], products: Sequence[StockedProduct]
) -> tuple[_Rows, _Rows, _Rows, _Rows]:
    """The rows of each table, in the order of its columns above."""
    category_rows = [
        (
            category.id,
            category.name.value,
            category.slug.value,
            category.parent_id,
            category.position,
            category.created_at,
            category.updated_at,
            category.version,
        )
        for category in categories
    ]
    product_rows: _Rows = []
    level_rows: _Rows = []
    movement_rows: _Rows = []
    for stocked in products:
        product, level = stocked.product, stocked.stock
        product_rows.append(
            (
                product.id,
                product.sku.value,
                product.name.value,
                product.name.sort_key,
                product.description.value,
                product.price.amount,
                product.price.currency,
                product.category_id,
                # Read, not copied: ProductMetadata holds its own copy and nothing changes it.
                product.metadata.value,
                product.active,
                product.created_at,
                product.updated_at,
                product.version,
            )
        )
        level_rows.append(
            (
                level.product_id,
                level.on_hand,
                level.reserved,
                level.low_stock_threshold,
                level.last_sequence,
                level.updated_at,
                level.version,
            )
        )
        movement_rows.extend(
            (
                movement.product_id,
                movement.sequence,
                movement.reason.value,
                movement.on_hand_delta,
                movement.reserved_delta,
                movement.on_hand_after,
                movement.reserved_after,
                movement.order_id,
                movement.actor_id,
                movement.note,
                movement.occurred_at,
            )
            for movement in stocked.movements
        )
    return category_rows, product_rows, level_rows, movement_rows


def _translated() -> AbstractContextManager[None]:
    """The driver's failures as the port's errors, the loader's constraints named."""
    return translated_errors(on_constraint=_VIOLATIONS)


def _violation(error: Callable[[str], DomainError]) -> ErrorFactory:
    """A factory that names the offending value: translated_errors calls factories while
    it handles the driver's error, so that error is the one being handled."""

    def factory() -> DomainError:
        return error(violated_value(sys.exc_info()[1] or Exception()))

    return factory


_VIOLATIONS: dict[str, ErrorFactory] = {
    PRODUCTS_SKU: _violation(SkuTakenError),
    CATEGORIES_SLUG: _violation(CategorySlugTakenError),
    PRODUCTS_CATEGORY: _violation(UnknownCategoryError),
    CATEGORIES_PARENT: _violation(lambda value: UnknownCategoryError(value, field="parent_id")),
}
