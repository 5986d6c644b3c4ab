"""Category use cases: admin-only writes, a tree without cycles, and public reads."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.catalog.commands.create_category import CreateCategory, CreateCategoryHandler
from application.catalog.commands.delete_category import DeleteCategory, DeleteCategoryHandler
from application.catalog.commands.move_category import MoveCategory, MoveCategoryHandler
from application.catalog.commands.update_category import UpdateCategory, UpdateCategoryHandler
from application.catalog.queries.get_category import GetCategory, GetCategoryHandler
from application.catalog.queries.get_category_path import GetCategoryPath, GetCategoryPathHandler
from application.catalog.queries.get_category_tree import GetCategoryTree, GetCategoryTreeHandler
from application.catalog.views import CategoryTreeNode
from application.shared.errors import PermissionDeniedError
from domain.catalog.category import MAX_DEPTH
from domain.catalog.errors import (
    CategoryCycleError,
    CategoryHasChildrenError,
    CategoryHasProductsError,
    CategoryNotFoundError,
    CategorySlugTakenError,
    CategoryTooDeepError,
    UnknownCategoryError,
)
from domain.catalog.values import CategoryId
from domain.shared.errors import InvalidValueError
from tests.builders.catalog_world import CatalogWorld


def _shape(nodes: list[CategoryTreeNode]) -> list[tuple[str, int, object]]:
    return [(node.name, node.depth, _shape(list(node.children))) for node in nodes]


async def test_category_is_stored_under_its_parent_when_an_admin_creates_it() -> None:
    world = CatalogWorld()
    parent = await world.a_category("Peripherals")

    view = await world.handler(CreateCategoryHandler).handle(
        CreateCategory(
            actor=world.admin,
            name=" Key  boards ",
            slug="keyboards",
            parent_id=parent.id,
            position=2,
        )
    )

    assert (view.name, view.slug, view.parent_id, view.position) == (
        "Key boards",
        "keyboards",
        parent.id,
        2,
    )
    async with world.uow() as uow:
        stored = await uow.categories.get(CategoryId(view.id))
    assert stored is not None
    assert (stored.parent_id, stored.created_at) == (parent.id, world.clock.now())


async def test_customer_is_refused_when_creating_a_category() -> None:
    world = CatalogWorld()

    with pytest.raises(PermissionDeniedError):
        await world.handler(CreateCategoryHandler).handle(
            CreateCategory(actor=world.customer, name="Mice", slug="mice")
        )


async def test_create_raises_slug_taken_when_another_category_has_the_slug() -> None:
    world = CatalogWorld()
    existing = await world.a_category()
    handler = world.handler(CreateCategoryHandler)

    with pytest.raises(CategorySlugTakenError) as caught:
        await handler.handle(CreateCategory(actor=world.admin, name="Dup", slug=existing.slug))

    assert caught.value.code == "category-slug-taken"


async def test_create_names_parent_id_when_the_parent_does_not_exist() -> None:
    world = CatalogWorld()

    with pytest.raises(UnknownCategoryError) as caught:
        await world.handler(CreateCategoryHandler).handle(
            CreateCategory(actor=world.admin, name="Orphan", slug="orphan", parent_id=uuid4())
        )

    assert caught.value.field == "parent_id"


async def test_create_raises_too_deep_when_the_parent_is_at_the_deepest_level() -> None:
    world = CatalogWorld()
    parent_id = None
    for level in range(MAX_DEPTH):
        parent_id = (await world.a_category(f"Level {level}", parent_id=parent_id)).id

    with pytest.raises(CategoryTooDeepError):
        await world.a_category("One too many", parent_id=parent_id)


async def test_create_names_the_slug_when_it_is_not_lowercase_words() -> None:
    world = CatalogWorld()

    with pytest.raises(InvalidValueError) as caught:
        await world.handler(CreateCategoryHandler).handle(
            CreateCategory(actor=world.admin, name="Mice", slug="Mice & Pads")
        )

    assert caught.value.field == "slug"


async def test_update_changes_name_slug_and_position_when_given() -> None:
    world = CatalogWorld()
    category = await world.a_category("Mice")
    world.tick()

    view = await world.handler(UpdateCategoryHandler).handle(
        UpdateCategory(
            actor=world.admin,
            category_id=category.id,
            name="Mice & Trackballs",
            slug="pointing",
            position=5,
        )
    )

    assert (view.name, view.slug, view.position, view.updated_at) == (
        "Mice & Trackballs",
        "pointing",
        5,
        world.clock.now(),
    )


async def test_update_raises_not_found_when_the_category_does_not_exist() -> None:
    world = CatalogWorld()

    with pytest.raises(CategoryNotFoundError):
        await world.handler(UpdateCategoryHandler).handle(
            UpdateCategory(actor=world.admin, category_id=uuid4(), name="Ghost")
        )


async def test_move_hangs_the_subtree_under_the_new_parent_when_allowed() -> None:
    world = CatalogWorld()
    a = await world.a_category("A")
    b = await world.a_category("B")
    a1 = await world.a_category("A1", parent_id=a.id)

    await world.handler(MoveCategoryHandler).handle(
        MoveCategory(actor=world.admin, category_id=a.id, parent_id=b.id)
    )

    tree = await world.handler(GetCategoryTreeHandler).handle(GetCategoryTree())
    assert _shape(tree) == [("B", 1, [("A", 2, [("A1", 3, [])])])]
    assert a1.parent_id == a.id


@pytest.mark.parametrize("onto", ["itself", "child", "grandchild"])
async def test_move_raises_cycle_when_the_target_is_the_category_or_below_it(onto: str) -> None:
    world = CatalogWorld()
    top = await world.a_category("Top")
    child = await world.a_category("Child", parent_id=top.id)
    grandchild = await world.a_category("Grandchild", parent_id=child.id)
    target = {"itself": top, "child": child, "grandchild": grandchild}[onto]

    with pytest.raises(CategoryCycleError) as caught:
        await world.handler(MoveCategoryHandler).handle(
            MoveCategory(actor=world.admin, category_id=top.id, parent_id=target.id)
        )

    assert caught.value.code == "category-cycle"
    path = await world.handler(GetCategoryPathHandler).handle(
        GetCategoryPath(category_id=grandchild.id)
    )
    assert [view.name for view in path] == ["Top", "Child", "Grandchild"]


async def test_move_raises_too_deep_when_the_subtree_would_pass_the_deepest_level() -> None:
    world = CatalogWorld()
    deep_parent = None
    for level in range(MAX_DEPTH - 1):
        deep_parent = (await world.a_category(f"Deep {level}", parent_id=deep_parent)).id
    moving = await world.a_category("Moving")
    await world.a_category("Moving child", parent_id=moving.id)

    with pytest.raises(CategoryTooDeepError):
        await world.handler(MoveCategoryHandler).handle(
            MoveCategory(actor=world.admin, category_id=moving.id, parent_id=deep_parent)
        )


async def test_move_to_the_top_makes_a_root_when_parent_is_none() -> None:
    world = CatalogWorld()
    child = await world.a_category("Child", parent_id=(await world.a_category("Top")).id)

    view = await world.handler(MoveCategoryHandler).handle(
        MoveCategory(actor=world.admin, category_id=child.id, parent_id=None, position=9)
    )

    assert (view.parent_id, view.position) == (None, 9)


async def test_delete_removes_the_category_when_it_is_empty() -> None:
    world = CatalogWorld()
    category = await world.a_category()

    await world.handler(DeleteCategoryHandler).handle(
        DeleteCategory(actor=world.admin, category_id=category.id)
    )

    with pytest.raises(CategoryNotFoundError):
        await world.handler(GetCategoryHandler).handle(GetCategory(category_id=category.id))


async def test_delete_raises_has_children_when_subcategories_exist() -> None:
    world = CatalogWorld()
    parent = await world.a_category("Parent")
    await world.a_category("Child", parent_id=parent.id)

    with pytest.raises(CategoryHasChildrenError) as caught:
        await world.handler(DeleteCategoryHandler).handle(
            DeleteCategory(actor=world.admin, category_id=parent.id)
        )

    assert caught.value.code == "category-has-children"


async def test_delete_raises_has_products_when_an_inactive_product_is_in_it() -> None:
    world = CatalogWorld()
    category = await world.a_category()
    await world.a_product(category.id, active=False)

    with pytest.raises(CategoryHasProductsError) as caught:
        await world.handler(DeleteCategoryHandler).handle(
            DeleteCategory(actor=world.admin, category_id=category.id)
        )

    assert caught.value.code == "category-has-products"


async def test_customer_is_refused_when_deleting_a_category() -> None:
    world = CatalogWorld()
    category = await world.a_category()

    with pytest.raises(PermissionDeniedError):
        await world.handler(DeleteCategoryHandler).handle(
            DeleteCategory(actor=world.customer, category_id=category.id)
        )


async def test_tree_orders_siblings_by_position_when_read() -> None:
    world = CatalogWorld()
    root = await world.a_category("Root")
    await world.a_category("Third", parent_id=root.id, position=30)
    await world.a_category("First", parent_id=root.id, position=10)
    await world.a_category("Second", parent_id=root.id, position=20)

    tree = await world.handler(GetCategoryTreeHandler).handle(GetCategoryTree())

    assert [child.name for child in tree[0].children] == ["First", "Second", "Third"]


async def test_subtree_keeps_absolute_depths_when_read_from_a_middle_category() -> None:
    world = CatalogWorld()
    top = await world.a_category("Top")
    middle = await world.a_category("Middle", parent_id=top.id)
    await world.a_category("Leaf", parent_id=middle.id)
    await world.a_category("Elsewhere")

    subtree = await world.handler(GetCategoryTreeHandler).handle(GetCategoryTree(root_id=middle.id))

    assert _shape(subtree) == [("Middle", 2, [("Leaf", 3, [])])]


async def test_subtree_raises_not_found_when_the_root_does_not_exist() -> None:
    world = CatalogWorld()

    with pytest.raises(CategoryNotFoundError):
        await world.handler(GetCategoryTreeHandler).handle(GetCategoryTree(root_id=uuid4()))


async def test_path_raises_not_found_when_the_category_does_not_exist() -> None:
    world = CatalogWorld()

    with pytest.raises(CategoryNotFoundError):
        await world.handler(GetCategoryPathHandler).handle(GetCategoryPath(category_id=uuid4()))
