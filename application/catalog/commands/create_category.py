"""An admin adds a category, at the top of the tree or under a parent."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from application.catalog.lookups import parent_path
from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import CategoryView
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.catalog.category import Category, check_room_for_category
from domain.catalog.values import CategoryId, CategoryName, Slug


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateCategory:
    actor: Actor
    name: str
    slug: str
    parent_id: UUID | None = None
    position: int = 0


class CreateCategoryHandler:
    """Add a leaf category; ``position`` orders it among its siblings (lower first).

    Raises:
        PermissionDeniedError: the actor is not an admin.
        InvalidValueError: a bad name, slug or position.
        UnknownCategoryError: the parent does not exist (field ``parent_id``).
        CategorySlugTakenError: another category has the slug.
        CategoryTooDeepError: the parent already sits at the deepest level.
        CategoryLimitReachedError: the catalog holds as many categories as it may.
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: CreateCategory) -> CategoryView:
        command.actor.require_admin()
        name, slug = CategoryName.parse(command.name), Slug(command.slug)
        async with self._uow:
            await self._uow.categories.lock_tree()
            check_room_for_category(await self._uow.categories.count())
            category = Category.create(
                id=CategoryId(uuid4()),
                name=name,
                slug=slug,
                parent_path=await parent_path(self._uow, command.parent_id),
                position=command.position,
                now=self._clock.now(),
            )
            await self._uow.categories.add(category)
            await self._uow.commit()
        return CategoryView.of(category)
