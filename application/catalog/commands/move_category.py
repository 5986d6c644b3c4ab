"""An admin moves a category, with its whole subtree, under another parent or to the top."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.lookups import existing_category, parent_path
from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import CategoryView
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.catalog.category import subtree_height


@dataclass(frozen=True, slots=True, kw_only=True)
class MoveCategory:
    actor: Actor
    category_id: UUID
    parent_id: UUID | None
    position: int | None = None


class MoveCategoryHandler:
    """Hang the category under ``parent_id`` (None: a root), optionally at a new position.

    The tree is locked while the move is decided, so two concurrent moves cannot build
    a cycle between them.

    Raises:
        PermissionDeniedError: the actor is not an admin.
        CategoryNotFoundError: no such category.
        UnknownCategoryError: the new parent does not exist (field ``parent_id``).
        CategoryCycleError: the new parent is the category itself or one of its descendants.
        CategoryTooDeepError: the subtree would reach below the deepest level.
        InvalidValueError: a bad position.
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: MoveCategory) -> CategoryView:
        command.actor.require_admin()
        now = self._clock.now()
        async with self._uow:
            await self._uow.categories.lock_tree()
            category = await existing_category(self._uow, command.category_id)
            path = await parent_path(self._uow, command.parent_id)
            subtree = await self._uow.categories.subtree(category.id)
            category.move(parent_path=path, subtree_height=subtree_height(subtree), now=now)
            if command.position is not None:
                category.reposition(command.position, now=now)
            await self._uow.categories.save(category)
            await self._uow.commit()
        return CategoryView.of(category)
