"""An admin pages through a product's stock ledger, newest movement first."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.cursors import KeysetCursor
from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import StockMovementView
from application.shared.actor import Actor
from application.shared.pagination import DEFAULT_PAGE_SIZE, Page, check_limit
from domain.catalog.errors import ProductNotFoundError
from domain.catalog.values import ProductId

_ORDERING = "stock-movements"


@dataclass(frozen=True, slots=True, kw_only=True)
class ListStockMovements:
    actor: Actor
    product_id: UUID
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None


class ListStockMovementsHandler:
    """Movements by sequence, descending; the cursor carries the last sequence seen.

    Raises:
        PermissionDeniedError: the actor is not an admin.
        ProductNotFoundError: no such product (inactive ones are listed).
        InvalidValueError: a bad limit or cursor.
    """

    def __init__(self, *, uow: CatalogUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: ListStockMovements) -> Page[StockMovementView]:
        query.actor.require_admin()
        limit = check_limit(query.limit)
        before = None
        if query.cursor is not None:
            cursor = KeysetCursor.decode(query.cursor, ordering=_ORDERING, kinds=(int,))
            before = cursor.value(0, int)
        product_id = ProductId(query.product_id)
        async with self._uow:
            if await self._uow.products.get(product_id) is None:
                raise ProductNotFoundError(product_id)
            movements = await self._uow.movements.list_for_product(
                product_id, before=before, limit=limit + 1
            )
        page, more = movements[:limit], len(movements) > limit
        next_cursor = KeysetCursor(_ORDERING, (page[-1].sequence,)).encode() if more else None
        return Page([StockMovementView.of(movement) for movement in page], next_cursor)
