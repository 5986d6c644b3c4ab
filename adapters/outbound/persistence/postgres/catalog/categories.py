"""Categories in PostgreSQL: the tree walked by recursive queries, guarded by an advisory lock."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Text,
    cast,
    delete,
    exists,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, array

from adapters.outbound.persistence.postgres.catalog.mappers import (
    category_from_row,
    category_values,
)
from adapters.outbound.persistence.postgres.catalog.tables import (
    CATEGORIES_PARENT,
    CATEGORIES_PKEY,
    CATEGORIES_SLUG,
    PRODUCTS_CATEGORY,
    categories,
)
from adapters.outbound.persistence.postgres.errors import ErrorFactory
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.catalog.ports import CategoryRepository
from domain.catalog.category import MAX_DEPTH, MAX_POSITION, Category
from domain.catalog.errors import (
    CategoryHasChildrenError,
    CategoryHasProductsError,
    CategorySlugTakenError,
    UnknownCategoryError,
)
from domain.catalog.values import CategoryId, Slug
from domain.shared.errors import ConcurrentUpdateError, ConflictError

# The key of the transaction-level advisory lock that lock_tree takes ("cat-tree" in ASCII).
TREE_LOCK_KEY = 0x6361_742D_7472_6565

_ONE = literal_column("1", Integer())
_NO_PATH = literal_column('ARRAY[]::text[] COLLATE "C"', ARRAY(Text()))


def _sibling_key(category: Any) -> ColumnElement[str]:
    """A sibling's place as one string that sorts like (position, slug) under COLLATE "C":
    the position zero-padded to a fixed width, then the (ASCII) slug."""
    position = func.lpad(cast(category.c.position, Text()), len(str(MAX_POSITION)), "0")
    return (position.op("||", return_type=Text())(category.c.slug)).collate("C")


def _descendants(anchor: ColumnElement[bool], anchor_path: ColumnElement[Any]) -> Select[Any]:
    """The categories below the anchor rows (those included), parents before children and
    siblings in sibling order: ordered by the path of sibling keys from the top down (an
    array sorts after its own prefixes). The depth bound keeps a corrupted, cyclic tree
    from recursing forever."""
    tree = (
        select(categories.c.id, anchor_path.label("sort_path"), _ONE.label("depth"))
        .where(anchor)
        .cte("tree", recursive=True)
    )
    child = categories.alias("child")
    tree = tree.union_all(
        select(
            child.c.id,
            tree.c.sort_path.op("||", return_type=ARRAY(Text()))(_sibling_key(child)),
            tree.c.depth + 1,
        )
        .join_from(child, tree, child.c.parent_id == tree.c.id)
        .where(tree.c.depth <= MAX_DEPTH)
    )
    return (
        select(categories)
        .join_from(categories, tree, categories.c.id == tree.c.id)
        .order_by(tree.c.sort_path)
    )


def _path(category_id: CategoryId) -> Select[Any]:
    """The category and its ancestors, the root first; bounded like ``_descendants``."""
    up = (
        select(categories.c.id, categories.c.parent_id, _ONE.label("depth"))
        .where(categories.c.id == category_id)
        .cte("up", recursive=True)
    )
    parent = categories.alias("parent")
    up = up.union_all(
        select(parent.c.id, parent.c.parent_id, up.c.depth + 1)
        .join_from(parent, up, parent.c.id == up.c.parent_id)
        .where(up.c.depth <= MAX_DEPTH)
    )
    return (
        select(categories)
        .join_from(categories, up, categories.c.id == up.c.id)
        .order_by(up.c.depth.desc())
    )


_ALL = _descendants(categories.c.parent_id.is_(None), array([_sibling_key(categories)]))


class PostgresCategoryRepository(CategoryRepository):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, category: Category) -> None:
        await self._tx.execute(
            insert(categories).values(
                id=category.id,
                created_at=category.created_at,
                version=category.version,
                **category_values(category),
            ),
            on_constraint={
                **_references(category),
                CATEGORIES_PKEY: lambda: ConflictError(f"category {category.id} already exists"),
            },
        )

    async def get(self, category_id: CategoryId) -> Category | None:
        row = (
            await self._tx.execute(select(categories).where(categories.c.id == category_id))
        ).first()
        return None if row is None else category_from_row(row)

    async def get_by_slug(self, slug: Slug) -> Category | None:
        row = (
            await self._tx.execute(select(categories).where(categories.c.slug == slug.value))
        ).first()
        return None if row is None else category_from_row(row)

    async def save(self, category: Category) -> None:
        result = await self._tx.execute(
            update(categories)
            .where(categories.c.id == category.id, categories.c.version == category.version)
            .values(version=category.version + 1, **category_values(category)),
            on_constraint=_references(category),
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(f"category {category.id} changed since it was loaded")
        category.version += 1

    async def delete(self, category_id: CategoryId) -> None:
        await self._tx.execute(
            delete(categories).where(categories.c.id == category_id),
            on_constraint={
                CATEGORIES_PARENT: lambda: CategoryHasChildrenError(category_id),
                PRODUCTS_CATEGORY: lambda: CategoryHasProductsError(category_id),
            },
        )

    async def list_all(self) -> list[Category]:
        return await self._categories(_ALL)

    async def subtree(self, category_id: CategoryId) -> list[Category]:
        return await self._categories(_descendants(categories.c.id == category_id, _NO_PATH))

    async def path(self, category_id: CategoryId) -> list[Category]:
        return await self._categories(_path(category_id))

    async def has_children(self, category_id: CategoryId) -> bool:
        result = await self._tx.execute(
            select(exists().where(categories.c.parent_id == category_id))
        )
        return bool(result.scalar_one())

    async def count(self) -> int:
        result = await self._tx.execute(select(func.count()).select_from(categories))
        return int(result.scalar_one())

    async def lock_tree(self) -> None:
        await self._tx.execute(select(func.pg_advisory_xact_lock(TREE_LOCK_KEY)))

    async def _categories(self, statement: Select[Any]) -> list[Category]:
        result = await self._tx.execute(statement)
        return [category_from_row(row) for row in result]


def _references(category: Category) -> dict[str, ErrorFactory]:
    return {
        CATEGORIES_SLUG: lambda: CategorySlugTakenError(category.slug.value),
        CATEGORIES_PARENT: lambda: UnknownCategoryError(category.parent_id, field="parent_id"),
    }
