"""An admin deletes an empty category: one without subcategories and without products."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.lookups import existing_category
from application.catalog.ports import CatalogUnitOfWork
from application.shared.actor import Actor
from domain.catalog.errors import CategoryHasChildrenError, CategoryHasProductsError


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteCategory:
    actor: Actor
    category_id: UUID


class DeleteCategoryHandler:
    """Remove the category for good; inactive products still count as products in it.

    Raises:
        PermissionDeniedError: the actor is not an admin.
        CategoryNotFoundError: no such category.
        CategoryHasChildrenError: it has subcategories (code ``category-has-children``).
        CategoryHasProductsError: products belong to it (code ``category-has-products``).
    """

    def __init__(self, *, uow: CatalogUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, command: DeleteCategory) -> None:
        command.actor.require_admin()
        async with self._uow:
            await self._uow.categories.lock_tree()
            category = await existing_category(self._uow, command.category_id)
            if await self._uow.categories.has_children(category.id):
                raise CategoryHasChildrenError(category.id)
            if await self._uow.products.exists_in_category(category.id):
                raise CategoryHasProductsError(category.id)
            await self._uow.categories.delete(category.id)
            await self._uow.commit()
