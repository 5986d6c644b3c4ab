"""Anyone reads the category tree, or the subtree under one category."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import CategoryTreeNode
from domain.catalog.errors import CategoryNotFoundError
from domain.catalog.values import CategoryId


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCategoryTree:
    """``root_id`` None reads the whole tree; otherwise the subtree of that category."""

    root_id: UUID | None = None


class GetCategoryTreeHandler:
    """The roots (or the one subtree root) with their descendants nested, siblings ordered
    by position then slug; depths count from the top of the whole tree.

    Raises:
        CategoryNotFoundError: ``root_id`` names no category.
    """

    def __init__(self, *, uow: CatalogUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: GetCategoryTree) -> list[CategoryTreeNode]:
        async with self._uow:
            if query.root_id is None:
                return CategoryTreeNode.forest(await self._uow.categories.list_all())
            root_id = CategoryId(query.root_id)
            subtree = await self._uow.categories.subtree(root_id)
            if not subtree:
                raise CategoryNotFoundError(root_id)
            depth = len(await self._uow.categories.path(root_id))
        return CategoryTreeNode.forest(subtree, top_depth=depth)
