"""Categories in memory, with the uniqueness, foreign keys and tree order of PostgreSQL."""

from __future__ import annotations

from adapters.outbound.persistence.memory.catalog.store import CATEGORIES, PRODUCTS
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.catalog.ports import CategoryRepository
from domain.catalog.category import MAX_DEPTH, Category
from domain.catalog.errors import (
    CategoryHasChildrenError,
    CategoryHasProductsError,
    CategorySlugTakenError,
    UnknownCategoryError,
)
from domain.catalog.values import CategoryId, Slug
from domain.shared.errors import ConcurrentUpdateError, ConflictError


class InMemoryCategoryRepository(CategoryRepository):
    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def add(self, category: Category) -> None:
        if self._tx.exists(CATEGORIES, category.id):
            raise ConflictError(f"category {category.id} already exists")
        self._check_references(category)
        self._tx.put(CATEGORIES, category.id, category)

    async def get(self, category_id: CategoryId) -> Category | None:
        return self._tx.get(CATEGORIES, category_id)

    async def get_by_slug(self, slug: Slug) -> Category | None:
        found = self._tx.select(CATEGORIES, lambda stored: stored.slug == slug, limit=1)
        return found[0] if found else None

    async def save(self, category: Category) -> None:
        stored = self._tx.get(CATEGORIES, category.id)
        if stored is None or stored.version != category.version:
            raise ConcurrentUpdateError(f"category {category.id} changed since it was loaded")
        self._check_references(category)
        category.version += 1
        self._tx.put(CATEGORIES, category.id, category)

    async def delete(self, category_id: CategoryId) -> None:
        if not self._tx.exists(CATEGORIES, category_id):
            return
        if self._tx.count(CATEGORIES, lambda stored: stored.parent_id == category_id):
            raise CategoryHasChildrenError(category_id)
        if self._tx.count(PRODUCTS, lambda product: product.category_id == category_id):
            raise CategoryHasProductsError(category_id)
        self._tx.delete(CATEGORIES, category_id)

    async def list_all(self) -> list[Category]:
        return _preorder(self._tx.select(CATEGORIES, lambda _: True), None)

    async def subtree(self, category_id: CategoryId) -> list[Category]:
        root = self._tx.get(CATEGORIES, category_id)
        if root is None:
            return []
        return [root, *_preorder(self._tx.select(CATEGORIES, lambda _: True), root.id)]

    async def path(self, category_id: CategoryId) -> list[Category]:
        path: list[Category] = []
        current = self._tx.get(CATEGORIES, category_id)
        # Bounded like a recursive query with a depth guard, should the data ever hold a cycle.
        while current is not None and len(path) <= MAX_DEPTH:
            path.append(current)
            current = (
                None if current.parent_id is None else self._tx.get(CATEGORIES, current.parent_id)
            )
        return path[::-1]

    async def has_children(self, category_id: CategoryId) -> bool:
        return self._tx.count(CATEGORIES, lambda stored: stored.parent_id == category_id) > 0

    async def count(self) -> int:
        return self._tx.count(CATEGORIES, lambda _: True)

    async def lock_tree(self) -> None:
        """Nothing to do: the store runs one transaction at a time."""

    def _check_references(self, category: Category) -> None:
        if self._tx.count(
            CATEGORIES, lambda stored: stored.slug == category.slug and stored.id != category.id
        ):
            raise CategorySlugTakenError(category.slug.value)
        if category.parent_id is not None and not self._tx.exists(CATEGORIES, category.parent_id):
            raise UnknownCategoryError(category.parent_id, field="parent_id")


def _preorder(categories: list[Category], top: CategoryId | None) -> list[Category]:
    """The descendants of ``top`` (None: of nothing, so every root and below), depth first,
    siblings by (position, slug)."""
    children: dict[CategoryId | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    for siblings in children.values():
        siblings.sort(key=lambda category: (category.position, category.slug.value))
    ordered: list[Category] = []
    stack = list(reversed(children.get(top, [])))
    while stack:
        category = stack.pop()
        ordered.append(category)
        stack.extend(reversed(children.get(category.id, [])))
    return ordered
