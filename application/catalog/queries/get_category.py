"""Anyone reads one category."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.lookups import existing_category
from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import CategoryView


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCategory:
    category_id: UUID


class GetCategoryHandler:
    """Raises CategoryNotFoundError for an unknown category."""

    def __init__(self, *, uow: CatalogUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: GetCategory) -> CategoryView:
        async with self._uow:
            return CategoryView.of(await existing_category(self._uow, query.category_id))
