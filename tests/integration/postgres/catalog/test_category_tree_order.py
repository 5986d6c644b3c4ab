"""The category tree comes out of the recursive queries in the in-memory adapter's order,
also where sort keys are awkward for SQL: slugs that are prefixes of their siblings',
positions of different widths, equal positions, and deep branches."""

from __future__ import annotations

import pytest

from adapters.outbound.persistence.memory.catalog import (
    InMemoryCatalogStore,
    InMemoryCatalogUnitOfWork,
)
from adapters.outbound.persistence.postgres.catalog import PostgresCatalogUnitOfWork
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.catalog.ports import CatalogUnitOfWork
from domain.catalog.category import Category
from tests.builders.catalog import a_category, a_unique_slug

pytestmark = pytest.mark.postgres


def _awkward_tree() -> list[Category]:
    prefix = a_unique_slug("shelf")
    top = a_category(slug=prefix, position=3)
    longer = a_category(slug=f"{prefix}-d", position=3)  # sorts after top, before its children
    wide = a_category(slug=a_unique_slug("a"), position=1_000_000)
    narrow = a_category(slug=a_unique_slug("z"), position=9)
    tree = [top, longer, wide, narrow]
    for position, slug in [(10, "b"), (9, "c"), (10, "a"), (0, "a-b"), (0, "a")]:
        tree.append(a_category(parent=top, slug=a_unique_slug(slug), position=position))
    parent = tree[-1]
    for depth in range(6):
        parent = a_category(parent=parent, position=depth % 2)
        tree.append(parent)
    tree.append(a_category(parent=longer))
    return tree


async def _stored(uow: CatalogUnitOfWork, tree: list[Category]) -> None:
    async with uow:
        for category in tree:
            await uow.categories.add(category)
        await uow.commit()


async def test_list_all_and_subtree_order_categories_as_memory_does_when_keys_are_awkward(
    pg_pool: ConnectionPool,
) -> None:
    tree = _awkward_tree()
    store = InMemoryCatalogStore()
    await _stored(InMemoryCatalogUnitOfWork(store), tree)
    await _stored(PostgresCatalogUnitOfWork(pg_pool), tree)

    async def listings(uow: CatalogUnitOfWork) -> list[list[object]]:
        async with uow:
            every = await uow.categories.list_all()
            below_top = await uow.categories.subtree(tree[0].id)
            path = await uow.categories.path(tree[-2].id)
        return [[c.id for c in listed] for listed in (every, below_top, path)]

    in_postgres = await listings(PostgresCatalogUnitOfWork(pg_pool))

    assert in_postgres == await listings(InMemoryCatalogUnitOfWork(store))
    assert len(in_postgres[0]) == len(tree)
