"""The CategoryRepository contract, for every adapter."""

from __future__ import annotations

import asyncio

import pytest

from domain.catalog.category import Category
from domain.catalog.errors import (
    CategoryHasChildrenError,
    CategoryHasProductsError,
    CategorySlugTakenError,
    UnknownCategoryError,
)
from domain.catalog.values import CategoryId, CategoryName, Slug
from domain.shared.errors import ConcurrentUpdateError
from tests.builders.catalog import a_category, a_product, a_unique_slug, later
from tests.integration.contracts.catalog.conftest import CONCURRENT_TASKS, Given, NewUnitOfWork


async def _get(new_uow: NewUnitOfWork, category_id: CategoryId) -> Category | None:
    async with new_uow() as uow:
        return await uow.categories.get(category_id)


def _fields(category: Category) -> dict[str, object]:
    return {name: getattr(category, name) for name in Category.__slots__}


async def test_get_returns_none_when_the_id_is_unknown(new_uow: NewUnitOfWork) -> None:
    assert await _get(new_uow, a_category().id) is None


async def test_get_returns_the_added_category_when_it_was_committed(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    parent = a_category(name="Peripherals")
    child = a_category(parent=parent, name="Mice", position=7, created_at=later(minutes=3))
    await given(parent, child)

    found = await _get(new_uow, child.id)

    assert found is not None
    assert _fields(found) == _fields(child)


async def test_get_by_slug_finds_the_category_when_the_slug_is_stored(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    await given(a_category(), category)

    async with new_uow() as uow:
        found = await uow.categories.get_by_slug(category.slug)
        missing = await uow.categories.get_by_slug(Slug(a_unique_slug()))

    assert (found.id if found else None, missing) == (category.id, None)


async def test_add_raises_slug_taken_when_another_category_has_the_slug(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    slug = a_unique_slug()
    await given(a_category(slug=slug))

    async with new_uow() as uow:
        with pytest.raises(CategorySlugTakenError):
            await uow.categories.add(a_category(slug=slug))


async def test_save_raises_slug_taken_when_the_new_slug_belongs_to_another_category(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    taken, renamed = a_category(), a_category()
    await given(taken, renamed)

    async with new_uow() as uow:
        loaded = await uow.categories.get(renamed.id)
        assert loaded is not None
        loaded.change_slug(taken.slug, now=later(minutes=1))
        with pytest.raises(CategorySlugTakenError):
            await uow.categories.save(loaded)


async def test_add_names_parent_id_when_the_parent_does_not_exist(new_uow: NewUnitOfWork) -> None:
    orphan = a_category(parent=a_category())

    async with new_uow() as uow:
        with pytest.raises(UnknownCategoryError) as caught:
            await uow.categories.add(orphan)

    assert caught.value.field == "parent_id"


async def test_only_one_category_is_added_when_ten_tasks_add_the_same_slug_at_once(
    new_uow: NewUnitOfWork,
) -> None:
    slug = a_unique_slug()

    async def add() -> bool:
        try:
            async with new_uow() as uow:
                await uow.categories.add(a_category(slug=slug))
                await uow.commit()
        except CategorySlugTakenError:
            return False
        return True

    outcomes = await asyncio.gather(*(add() for _ in range(CONCURRENT_TASKS)))

    assert outcomes.count(True) == 1


async def test_save_writes_the_changes_and_increments_the_version_when_current(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    parent, category = a_category(), a_category()
    await given(parent, category)

    async with new_uow() as uow:
        loaded = await uow.categories.get(category.id)
        assert loaded is not None
        loaded.rename(CategoryName("Renamed"), now=later(minutes=1))
        loaded.move(parent_path=[parent.id], subtree_height=1, now=later(minutes=1))
        await uow.categories.save(loaded)
        await uow.commit()

    stored = await _get(new_uow, category.id)
    assert stored is not None
    assert (stored.name.value, stored.parent_id, stored.updated_at, stored.version) == (
        "Renamed",
        parent.id,
        later(minutes=1),
        2,
    )
    assert loaded.version == 2


async def test_save_raises_concurrent_update_when_the_category_changed_since_loaded(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    await given(category)
    stale = await _get(new_uow, category.id)
    async with new_uow() as uow:
        fresh = await uow.categories.get(category.id)
        assert fresh is not None
        fresh.reposition(4, now=later(minutes=1))
        await uow.categories.save(fresh)
        await uow.commit()
    assert stale is not None
    stale.rename(CategoryName("Stale"), now=later(minutes=2))

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.categories.save(stale)


async def test_save_raises_concurrent_update_when_the_category_was_never_added(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.categories.save(a_category())


async def test_delete_removes_the_category_when_nothing_refers_to_it(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    await given(category)

    async with new_uow() as uow:
        await uow.categories.delete(category.id)
        await uow.commit()

    assert await _get(new_uow, category.id) is None


async def test_delete_does_nothing_when_the_id_is_unknown(new_uow: NewUnitOfWork) -> None:
    async with new_uow() as uow:
        await uow.categories.delete(a_category().id)
        await uow.commit()


async def test_delete_raises_has_children_when_a_category_has_it_as_parent(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    parent = a_category()
    await given(parent, a_category(parent=parent))

    async with new_uow() as uow:
        with pytest.raises(CategoryHasChildrenError):
            await uow.categories.delete(parent.id)


async def test_delete_raises_has_products_when_an_inactive_product_belongs_to_it(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    await given(category, a_product(category, active=False))

    async with new_uow() as uow:
        with pytest.raises(CategoryHasProductsError):
            await uow.categories.delete(category.id)


async def test_list_all_orders_parents_first_and_siblings_by_position_then_slug_when_listed(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    root_b = a_category(position=2, slug=a_unique_slug("b"))
    root_a = a_category(position=1, slug=a_unique_slug("z"))
    child_x = a_category(parent=root_a, position=5, slug=a_unique_slug("x"))
    child_w = a_category(parent=root_a, position=5, slug=a_unique_slug("w"))
    child_first = a_category(parent=root_a, position=0, slug=a_unique_slug("y"))
    grandchild = a_category(parent=child_w)
    await given(root_b, root_a, child_x, child_w, child_first, grandchild)

    async with new_uow() as uow:
        listed = await uow.categories.list_all()

    assert [c.id for c in listed] == [
        root_a.id,
        child_first.id,
        child_w.id,
        grandchild.id,
        child_x.id,
        root_b.id,
    ]


async def test_subtree_returns_the_category_and_its_descendants_when_it_exists(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    top = a_category()
    middle = a_category(parent=top)
    leaf = a_category(parent=middle)
    sibling = a_category(parent=top, position=1)
    await given(top, middle, leaf, sibling, a_category())

    async with new_uow() as uow:
        subtree = await uow.categories.subtree(middle.id)
        whole = await uow.categories.subtree(top.id)
        unknown = await uow.categories.subtree(a_category().id)

    assert [c.id for c in subtree] == [middle.id, leaf.id]
    assert [c.id for c in whole] == [top.id, middle.id, leaf.id, sibling.id]
    assert unknown == []


async def test_path_lists_ancestors_from_the_root_down_when_the_category_exists(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    top = a_category()
    middle = a_category(parent=top)
    leaf = a_category(parent=middle)
    await given(top, middle, leaf)

    async with new_uow() as uow:
        path = await uow.categories.path(leaf.id)
        root_path = await uow.categories.path(top.id)
        unknown = await uow.categories.path(a_category().id)

    assert [c.id for c in path] == [top.id, middle.id, leaf.id]
    assert ([c.id for c in root_path], unknown) == ([top.id], [])


async def test_has_children_and_count_describe_the_tree_when_asked(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    parent = a_category()
    child = a_category(parent=parent)
    await given(parent, child, a_category())

    async with new_uow() as uow:
        await uow.categories.lock_tree()
        facts = (
            await uow.categories.has_children(parent.id),
            await uow.categories.has_children(child.id),
            await uow.categories.count(),
        )

    assert facts == (True, False, 3)


async def test_stored_category_is_unchanged_when_a_returned_copy_is_changed_without_save(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category(name="Original")
    await given(category)

    async with new_uow() as uow:
        loaded = await uow.categories.get(category.id)
        assert loaded is not None
        loaded.rename(CategoryName("Changed"), now=later(minutes=1))
        await uow.commit()

    stored = await _get(new_uow, category.id)
    assert stored is not None
    assert stored.name.value == "Original"


async def test_moves_are_decided_one_after_the_other_when_two_would_make_a_cycle(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    a, b = a_category(), a_category()
    await given(a, b)

    async def move(category: Category, under: Category) -> bool:
        """Move ``category`` under ``under`` unless that makes a cycle; True when moved."""
        async with new_uow() as uow:
            await uow.categories.lock_tree()
            path = [c.id for c in await uow.categories.path(under.id)]
            if category.id in path:
                return False
            loaded = await uow.categories.get(category.id)
            assert loaded is not None
            loaded.move(parent_path=path, subtree_height=1, now=later(minutes=1))
            await uow.categories.save(loaded)
            await uow.commit()
            return True

    outcomes = await asyncio.gather(move(a, b), move(b, a))

    assert sorted(outcomes) == [False, True]
    async with new_uow() as uow:
        roots = [c for c in await uow.categories.list_all() if c.parent_id is None]
    assert len(roots) == 1
