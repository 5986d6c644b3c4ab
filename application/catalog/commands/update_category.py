"""An admin renames a category, or changes its slug or its position among its siblings."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.lookups import existing_category
from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import CategoryView
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.catalog.category import check_position
from domain.catalog.values import CategoryName, Slug


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateCategory:
    actor: Actor
    category_id: UUID
    name: str | None = None
    slug: str | None = None
    position: int | None = None


class UpdateCategoryHandler:
    """Apply the given fields; absent fields stay as they are. Moving is MoveCategory's job.

    Raises:
        PermissionDeniedError: the actor is not an admin.
        CategoryNotFoundError: no such category.
        InvalidValueError: a bad name, slug or position.
        CategorySlugTakenError: another category has the slug.
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: UpdateCategory) -> CategoryView:
        command.actor.require_admin()
        name = None if command.name is None else CategoryName.parse(command.name)
        slug = None if command.slug is None else Slug(command.slug)
        position = None if command.position is None else check_position(command.position)
        now = self._clock.now()
        async with self._uow:
            category = await existing_category(self._uow, command.category_id)
            if name is not None:
                category.rename(name, now=now)
            if slug is not None:
                category.change_slug(slug, now=now)
            if position is not None:
                category.reposition(position, now=now)
            await self._uow.categories.save(category)
            await self._uow.commit()
        return CategoryView.of(category)
