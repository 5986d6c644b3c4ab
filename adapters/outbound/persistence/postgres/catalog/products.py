"""Products in PostgreSQL."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, exists, insert, select, update

from adapters.outbound.persistence.postgres.catalog.mappers import product_from_row, product_values
from adapters.outbound.persistence.postgres.catalog.tables import (
    PRODUCTS_CATEGORY,
    PRODUCTS_PKEY,
    PRODUCTS_SKU,
    RESERVATION_LINES_PRODUCT,
    STOCK_MOVEMENTS_PRODUCT,
    products,
    stock_levels,
)
from adapters.outbound.persistence.postgres.errors import ErrorFactory
from adapters.outbound.persistence.postgres.statements import Query
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.catalog.ports import ProductRepository
from domain.catalog.errors import ProductHasStockHistoryError, SkuTakenError, UnknownCategoryError
from domain.catalog.product import Product
from domain.catalog.values import CategoryId, ProductId, Sku
from domain.shared.errors import ConcurrentUpdateError, ConflictError

# Everything but the generated search_vector, which no caller needs to see.
_PRODUCT = select(*(column for column in products.c if column.name != "search_vector"))
_PRODUCT_BY_ID = Query.of(_PRODUCT.where(products.c.id == bindparam("id")))  # every read's path


class PostgresProductRepository(ProductRepository):
    """``get_for_update`` takes ``FOR NO KEY UPDATE``, the lock PostgreSQL's own UPDATE takes.

    It holds the product against every change and deletion like ``FOR UPDATE``, but lets
    the foreign key checks of concurrent stock movements and reservation lines (``FOR KEY
    SHARE`` on the product) through: with ``FOR UPDATE`` an admin update that locks the
    product and then its stock would deadlock with a reservation that locked the stock and
    then inserts its movement.
    """

    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, product: Product) -> None:
        await self._tx.execute(
            insert(products).values(
                id=product.id,
                created_at=product.created_at,
                version=product.version,
                **product_values(product),
            ),
            on_constraint={
                **_references(product),
                PRODUCTS_PKEY: lambda: ConflictError(f"product {product.id} already exists"),
            },
        )

    async def get(self, product_id: ProductId) -> Product | None:
        row = (await self._tx.run(_PRODUCT_BY_ID, id=product_id)).first()
        return None if row is None else product_from_row(row)

    async def get_for_update(self, product_id: ProductId) -> Product | None:
        result = await self._tx.execute(
            _PRODUCT.where(products.c.id == product_id).with_for_update(key_share=True)
        )
        row = result.first()
        return None if row is None else product_from_row(row)

    async def get_by_sku(self, sku: Sku) -> Product | None:
        row = (await self._tx.execute(_PRODUCT.where(products.c.sku == sku.value))).first()
        return None if row is None else product_from_row(row)

    async def save(self, product: Product) -> None:
        result = await self._tx.execute(
            update(products)
            .where(products.c.id == product.id, products.c.version == product.version)
            .values(version=product.version + 1, **product_values(product)),
            on_constraint=_references(product),
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(f"product {product.id} changed since it was loaded")
        product.version += 1

    async def delete(self, product_id: ProductId) -> None:
        # The stock row first: a reservation holding it finishes before the product row is
        # locked for deletion, so the two never wait for each other in opposite orders.
        history: dict[str, ErrorFactory] = {
            STOCK_MOVEMENTS_PRODUCT: lambda: ProductHasStockHistoryError(product_id),
            RESERVATION_LINES_PRODUCT: lambda: ProductHasStockHistoryError(product_id),
        }
        await self._tx.execute(delete(stock_levels).where(stock_levels.c.product_id == product_id))
        await self._tx.execute(
            delete(products).where(products.c.id == product_id), on_constraint=history
        )

    async def exists_in_category(self, category_id: CategoryId) -> bool:
        result = await self._tx.execute(
            select(exists().where(products.c.category_id == category_id))
        )
        return bool(result.scalar_one())


def _references(product: Product) -> dict[str, ErrorFactory]:
    return {
        PRODUCTS_SKU: lambda: SkuTakenError(product.sku.value),
        PRODUCTS_CATEGORY: lambda: UnknownCategoryError(product.category_id),
    }
