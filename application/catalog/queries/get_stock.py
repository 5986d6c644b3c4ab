"""Anyone reads the stock of an active product; admins that of inactive ones too."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.lookups import visible_product_view
from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import StockView
from application.shared.actor import Actor


@dataclass(frozen=True, slots=True, kw_only=True)
class GetStock:
    product_id: UUID
    actor: Actor | None = None  # None: an anonymous caller


class GetStockHandler:
    """Raises ProductNotFoundError for an unknown product, or an inactive one to non-admins."""

    def __init__(self, *, uow: CatalogUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: GetStock) -> StockView:
        async with self._uow:
            view = await visible_product_view(self._uow, query.product_id, query.actor)
            return view.stock
