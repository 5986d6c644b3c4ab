"""Anyone reads an active product with its stock; admins read inactive ones too."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.lookups import visible_product_view
from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import ProductView
from application.shared.actor import Actor


@dataclass(frozen=True, slots=True, kw_only=True)
class GetProduct:
    product_id: UUID
    actor: Actor | None = None  # None: an anonymous caller


class GetProductHandler:
    """Raises ProductNotFoundError for an unknown product, or an inactive one to non-admins."""

    def __init__(self, *, uow: CatalogUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: GetProduct) -> ProductView:
        async with self._uow:
            return await visible_product_view(self._uow, query.product_id, query.actor)
