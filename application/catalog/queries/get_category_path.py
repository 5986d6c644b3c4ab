"""Anyone reads a category's breadcrumb: its ancestors from the root down to it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import CategoryView
from domain.catalog.errors import CategoryNotFoundError
from domain.catalog.values import CategoryId


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCategoryPath:
    category_id: UUID


class GetCategoryPathHandler:
    """The root first, the category itself last.

    Raises:
        CategoryNotFoundError: no such category.
    """

    def __init__(self, *, uow: CatalogUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: GetCategoryPath) -> list[CategoryView]:
        async with self._uow:
            path = await self._uow.categories.path(CategoryId(query.category_id))
        if not path:
            raise CategoryNotFoundError(query.category_id)
        return [CategoryView.of(category) for category in path]
