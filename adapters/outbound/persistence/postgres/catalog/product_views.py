"""Products as clients see them, read with their stock in one statement."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from adapters.outbound.persistence.postgres.catalog.mappers import product_view_from_row
from adapters.outbound.persistence.postgres.catalog.tables import (
    PRODUCT_COLUMNS,
    products,
    stock_levels,
)
from adapters.outbound.persistence.postgres.statements import Query
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.catalog.ports import ProductViews
from application.catalog.views import ProductView
from domain.catalog.values import ProductId

_VIEW_STOCK_COLUMNS = ("on_hand", "reserved", "low_stock_threshold")

# On the path of every product page: compiled at import, one round trip per read.
_VIEW_BY_ID = Query.of(
    select(
        *(products.c[name] for name in PRODUCT_COLUMNS),
        *(stock_levels.c[name].label(f"stock_{name}") for name in _VIEW_STOCK_COLUMNS),
    )
    .select_from(products.join(stock_levels, stock_levels.c.product_id == products.c.id))
    .where(products.c.id == bindparam("id"))
)


class PostgresProductViews(ProductViews):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def get(self, product_id: ProductId) -> ProductView | None:
        row = (await self._tx.run(_VIEW_BY_ID, id=product_id)).first()
        return None if row is None else product_view_from_row(row)
