"""The category tree never gets a cycle and never grows deeper than MAX_DEPTH."""

from __future__ import annotations

import random
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.catalog.category import (
    MAX_CATEGORIES,
    MAX_DEPTH,
    Category,
    check_placement,
    check_room_for_category,
    subtree_height,
)
from domain.catalog.errors import (
    CategoryCycleError,
    CategoryLimitReachedError,
    CategoryTooDeepError,
)
from domain.catalog.values import CategoryId, CategoryName, Slug
from domain.shared.errors import InvalidValueError
from tests.builders.catalog import T0, a_category, a_chain, later


def _path_to(category: Category, by_id: dict[CategoryId, Category]) -> list[CategoryId]:
    path: list[CategoryId] = []
    current: Category | None = category
    while current is not None:
        path.append(current.id)
        current = None if current.parent_id is None else by_id[current.parent_id]
    return path[::-1]


@st.composite
def trees(draw: st.DrawFn) -> list[Category]:
    """A random forest of up to 25 categories, each under an earlier one or at the top."""
    count = draw(st.integers(min_value=1, max_value=25))
    categories: list[Category] = []
    for index in range(count):
        parent_index = draw(st.integers(min_value=-1, max_value=index - 1))
        parent = categories[parent_index] if parent_index >= 0 else None
        categories.append(a_category(parent=parent))
    return categories


def _descendants(root: Category, categories: list[Category]) -> set[CategoryId]:
    found = {root.id}
    for category in categories:  # parents come before children in a drawn tree
        if category.parent_id in found:
            found.add(category.id)
    return found


@given(trees(), st.randoms(use_true_random=False))
def test_move_raises_cycle_when_the_new_parent_is_the_category_or_a_descendant(
    categories: list[Category], rnd: random.Random
) -> None:
    by_id = {category.id: category for category in categories}
    moving = rnd.choice(categories)
    target = by_id[rnd.choice(sorted(_descendants(moving, categories)))]

    with pytest.raises(CategoryCycleError):
        check_placement(moving.id, _path_to(target, by_id), 1)


@given(trees(), st.randoms(use_true_random=False))
def test_move_raises_no_cycle_when_the_new_parent_is_outside_the_subtree(
    categories: list[Category], rnd: random.Random
) -> None:
    by_id = {category.id: category for category in categories}
    moving = rnd.choice(categories)
    outside = [c for c in categories if c.id not in _descendants(moving, categories)]
    target = rnd.choice(outside) if outside else None
    parent_path = [] if target is None else _path_to(target, by_id)

    check_placement(moving.id, parent_path[: MAX_DEPTH - 1], 1)


@given(trees())
def test_subtree_height_counts_the_deepest_level_when_listed_parents_first(
    categories: list[Category],
) -> None:
    by_id = {category.id: category for category in categories}
    root = categories[0]
    subtree = [c for c in categories if c.id in _descendants(root, categories)]

    height = subtree_height(subtree)

    assert height == max(len(_path_to(c, by_id)) for c in subtree)


def test_subtree_height_is_zero_when_the_subtree_is_empty() -> None:
    assert subtree_height([]) == 0


def test_create_raises_too_deep_when_the_parent_is_at_the_deepest_level() -> None:
    chain = a_chain(MAX_DEPTH)

    with pytest.raises(CategoryTooDeepError):
        Category.create(
            id=CategoryId(uuid4()),
            name=CategoryName("Too deep"),
            slug=Slug("too-deep"),
            parent_path=[category.id for category in chain],
            position=0,
            now=T0,
        )


def test_create_places_the_category_under_the_last_of_the_path_when_there_is_room() -> None:
    chain = a_chain(MAX_DEPTH - 1)

    category = Category.create(
        id=CategoryId(uuid4()),
        name=CategoryName("Deepest"),
        slug=Slug("deepest"),
        parent_path=[c.id for c in chain],
        position=3,
        now=T0,
    )

    assert (category.parent_id, category.position, category.version) == (chain[-1].id, 3, 1)


def test_move_raises_too_deep_when_the_subtree_would_reach_below_the_deepest_level() -> None:
    chain = a_chain(MAX_DEPTH - 2)
    moving = a_category()

    with pytest.raises(CategoryTooDeepError):
        moving.move(parent_path=[c.id for c in chain], subtree_height=3, now=later(minutes=1))


def test_move_changes_the_parent_and_time_when_the_placement_is_allowed() -> None:
    parent, moving = a_category(), a_category()

    moving.move(parent_path=[parent.id], subtree_height=4, now=later(minutes=1))

    assert (moving.parent_id, moving.updated_at) == (parent.id, later(minutes=1))


def test_move_to_the_top_makes_a_root_when_the_path_is_empty() -> None:
    child = a_category(parent=a_category())

    child.move(parent_path=[], subtree_height=1, now=later(minutes=1))

    assert child.parent_id is None


@pytest.mark.parametrize("position", [-1, 1_000_001, True, 1.5])
def test_reposition_names_the_position_when_it_is_out_of_bounds(position: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_category().reposition(position, now=T0)  # type: ignore[arg-type]

    assert caught.value.field == "position"


def test_room_for_category_is_refused_when_the_catalog_is_full() -> None:
    check_room_for_category(MAX_CATEGORIES - 1)

    with pytest.raises(CategoryLimitReachedError):
        check_room_for_category(MAX_CATEGORIES)


def test_rename_keeps_the_update_time_when_the_name_is_unchanged() -> None:
    category = a_category(name="Mice")

    category.rename(CategoryName("Mice"), now=later(minutes=5))

    assert category.updated_at == T0
