"""The Category aggregate and the rules of the category tree: bounded, and free of cycles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Self

from domain.catalog.errors import (
    CategoryCycleError,
    CategoryLimitReachedError,
    CategoryTooDeepError,
)
from domain.catalog.values import CategoryId, CategoryName, Slug
from domain.shared.errors import InvalidValueError

MAX_DEPTH = 10  # a root is at depth 1
MAX_CATEGORIES = 10_000  # bounds the whole tree, which is read in one piece
MAX_POSITION = 1_000_000


def check_position(position: int) -> int:
    """A category's place among its siblings, 0 to 1,000,000; lower comes first."""
    if isinstance(position, bool) or not isinstance(position, int):
        raise InvalidValueError("position", "must be a whole number")
    if not 0 <= position <= MAX_POSITION:
        raise InvalidValueError("position", f"must be between 0 and {MAX_POSITION}")
    return position


def check_room_for_category(count: int) -> None:
    """Refuse a new category when the catalog already holds ``count`` ≥ the limit."""
    if count >= MAX_CATEGORIES:
        raise CategoryLimitReachedError(MAX_CATEGORIES)


def check_placement(
    category_id: CategoryId, parent_path: Sequence[CategoryId], subtree_height: int
) -> None:
    """Refuse to place a subtree under a parent when that makes a cycle or too deep a tree.

    ``parent_path`` lists the new parent's ancestors from the root down to the parent
    itself (empty to place the category at the top); ``subtree_height`` counts the levels
    of the category's subtree, 1 for a category without children.

    Raises:
        CategoryCycleError: the parent is the category itself or one of its descendants.
        CategoryTooDeepError: the deepest category of the subtree would sit below MAX_DEPTH.
    """
    if category_id in parent_path:
        raise CategoryCycleError(category_id, parent_path[-1])
    if len(parent_path) + subtree_height > MAX_DEPTH:
        raise CategoryTooDeepError(MAX_DEPTH)


def subtree_height(subtree: Sequence[Category]) -> int:
    """The levels of a subtree listed root first and parents before children (1: a leaf)."""
    depths: dict[CategoryId, int] = {}
    for category in subtree:
        parent_depth = depths.get(category.parent_id) if category.parent_id is not None else None
        depths[category.id] = 1 if parent_depth is None else parent_depth + 1
    return max(depths.values(), default=0)


class Category:
    """A node of the category tree; ``parent_id`` None makes it a root.

    Where it may sit in the tree (no cycle, bounded depth) depends on the other
    categories, so ``place`` and ``move`` take the facts ``check_placement`` needs.
    ``version`` counts saved changes, so a repository can refuse a stale write.
    """

    __slots__ = (
        "created_at",
        "id",
        "name",
        "parent_id",
        "position",
        "slug",
        "updated_at",
        "version",
    )

    def __init__(
        self,
        *,
        id: CategoryId,
        name: CategoryName,
        slug: Slug,
        parent_id: CategoryId | None,
        position: int,
        created_at: datetime,
        updated_at: datetime,
        version: int,
    ) -> None:
        self.id = id
        self.name = name
        self.slug = slug
        self.parent_id = parent_id
        self.position = position
        self.created_at = created_at
        self.updated_at = updated_at
        self.version = version

    @classmethod
    def create(
        cls,
        *,
        id: CategoryId,
        name: CategoryName,
        slug: Slug,
        parent_path: Sequence[CategoryId],
        position: int,
        now: datetime,
    ) -> Self:
        """A new leaf under the last category of ``parent_path`` (at the top when empty)."""
        check_placement(id, parent_path, 1)
        return cls(
            id=id,
            name=name,
            slug=slug,
            parent_id=parent_path[-1] if parent_path else None,
            position=check_position(position),
            created_at=now,
            updated_at=now,
            version=1,
        )

    @classmethod
    def restore(
        cls,
        *,
        id: CategoryId,
        name: CategoryName,
        slug: Slug,
        parent_id: CategoryId | None,
        position: int,
        created_at: datetime,
        updated_at: datetime,
        version: int,
    ) -> Self:
        """Rebuild a stored category; for persistence adapters only."""
        return cls(
            id=id,
            name=name,
            slug=slug,
            parent_id=parent_id,
            position=position,
            created_at=created_at,
            updated_at=updated_at,
            version=version,
        )

    def rename(self, name: CategoryName, *, now: datetime) -> None:
        if name != self.name:
            self.name = name
            self.updated_at = now

    def change_slug(self, slug: Slug, *, now: datetime) -> None:
        if slug != self.slug:
            self.slug = slug
            self.updated_at = now

    def reposition(self, position: int, *, now: datetime) -> None:
        position = check_position(position)
        if position != self.position:
            self.position = position
            self.updated_at = now

    def move(
        self, *, parent_path: Sequence[CategoryId], subtree_height: int, now: datetime
    ) -> None:
        """Hang this category (and its subtree) under the last of ``parent_path``.

        Raises:
            CategoryCycleError, CategoryTooDeepError: see ``check_placement``.
        """
        check_placement(self.id, parent_path, subtree_height)
        parent_id = parent_path[-1] if parent_path else None
        if parent_id != self.parent_id:
            self.parent_id = parent_id
            self.updated_at = now
