"""SearchProducts: criteria checked at the boundary, public callers see active products only,
and cursors continue the order they were issued for."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from application.catalog.queries.search_products import SearchProducts, SearchProductsHandler
from application.shared.errors import AuthenticationError, PermissionDeniedError
from domain.catalog.errors import InvalidMetadataError, UnknownCategoryError
from domain.shared.errors import InvalidValueError
from tests.builders.catalog_world import CatalogWorld


async def test_public_search_lists_active_products_newest_first_when_no_sort_is_given() -> None:
    world = CatalogWorld()
    category = await world.a_category()
    older = await world.a_product(category.id, name="Older")
    world.tick()
    await world.a_product(category.id, name="Hidden", active=False)
    world.tick()
    newer = await world.a_product(category.id, name="Newer")

    page = await world.handler(SearchProductsHandler).handle(SearchProducts())

    assert [view.id for view in page.items] == [newer.id, older.id]
    assert page.next_cursor is None


async def test_admin_search_includes_inactive_products_when_asked() -> None:
    world = CatalogWorld()
    hidden = await world.a_product(active=False)

    page = await world.handler(SearchProductsHandler).handle(
        SearchProducts(actor=world.admin, include_inactive=True)
    )

    assert [view.id for view in page.items] == [hidden.id]


async def test_search_for_inactive_products_is_refused_when_the_caller_is_a_customer() -> None:
    world = CatalogWorld()

    with pytest.raises(PermissionDeniedError):
        await world.handler(SearchProductsHandler).handle(
            SearchProducts(actor=world.customer, include_inactive=True)
        )


async def test_search_for_inactive_products_asks_to_sign_in_when_the_caller_is_anonymous() -> None:
    world = CatalogWorld()

    with pytest.raises(AuthenticationError):
        await world.handler(SearchProductsHandler).handle(
            SearchProducts(actor=None, include_inactive=True)
        )


async def test_category_filter_includes_subcategories_when_given_a_parent() -> None:
    world = CatalogWorld()
    parent = await world.a_category("Peripherals")
    child = await world.a_category("Mice", parent_id=parent.id)
    in_parent = await world.a_product(parent.id)
    in_child = await world.a_product(child.id)
    await world.a_product()

    page = await world.handler(SearchProductsHandler).handle(SearchProducts(category_id=parent.id))

    assert {view.id for view in page.items} == {in_parent.id, in_child.id}


async def test_search_names_category_id_when_the_category_does_not_exist() -> None:
    world = CatalogWorld()

    with pytest.raises(UnknownCategoryError) as caught:
        await world.handler(SearchProductsHandler).handle(SearchProducts(category_id=uuid4()))

    assert caught.value.field == "category_id"


@pytest.mark.parametrize(
    ("criteria", "field"),
    [
        ({"q": "x" * 201}, "q"),
        ({"min_price": -1}, "min_price"),
        ({"min_price": 500, "max_price": 100}, "max_price"),
        ({"currency": "euro"}, "currency"),
        ({"sort": "cheapest"}, "sort"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"cursor": "garbage!"}, "cursor"),
        ({"metadata": {"k" * 101: 1}}, "metadata"),
    ],
)
async def test_search_names_the_criterion_when_it_is_invalid(
    criteria: dict[str, object], field: str
) -> None:
    world = CatalogWorld()

    with pytest.raises(InvalidValueError) as caught:
        await world.handler(SearchProductsHandler).handle(SearchProducts(**criteria))  # type: ignore[arg-type]

    assert caught.value.field == field


async def test_search_raises_invalid_metadata_when_the_filter_is_not_an_object() -> None:
    world = CatalogWorld()

    with pytest.raises(InvalidMetadataError):
        await world.handler(SearchProductsHandler).handle(SearchProducts(metadata=[1]))  # type: ignore[arg-type]


async def test_cursor_is_refused_when_used_with_another_sort() -> None:
    world = CatalogWorld()
    for _ in range(3):
        await world.a_product()
    handler = world.handler(SearchProductsHandler)
    first = await handler.handle(SearchProducts(sort="price", limit=1))
    assert first.next_cursor is not None

    with pytest.raises(InvalidValueError) as caught:
        await handler.handle(SearchProducts(sort="name", limit=1, cursor=first.next_cursor))

    assert caught.value.field == "cursor"


async def test_relevance_without_text_orders_newest_first_when_asked() -> None:
    world = CatalogWorld()
    older = await world.a_product()
    world.tick()
    newer = await world.a_product()

    page = await world.handler(SearchProductsHandler).handle(SearchProducts(sort="relevance"))

    assert [view.id for view in page.items] == [newer.id, older.id]


async def test_relevance_ranks_name_matches_above_description_matches_when_searching() -> None:
    world = CatalogWorld()
    by_description = await world.a_product(name="Desk Mat", description="Fits any keyboard.")
    by_name = await world.a_product(name="Compact Keyboard")

    page = await world.handler(SearchProductsHandler).handle(
        SearchProducts(q="  KEYBOARD ", sort="relevance")
    )

    assert [view.id for view in page.items] == [by_name.id, by_description.id]


async def test_pages_walk_every_match_once_when_following_cursors_with_text() -> None:
    world = CatalogWorld()
    expected = {(await world.a_product(name=f"Lamp {n}")).id for n in range(7)}
    await world.a_product(name="Chair")
    handler = world.handler(SearchProductsHandler)

    seen: list[UUID] = []
    cursor = None
    while True:
        page = await handler.handle(
            SearchProducts(q="lamp", sort="relevance", limit=2, cursor=cursor)
        )
        seen.extend(view.id for view in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    assert (len(seen), set(seen)) == (7, expected)


async def test_search_results_carry_their_stock_when_listed() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=4)

    page = await world.handler(SearchProductsHandler).handle(SearchProducts(in_stock=True))

    assert [(view.id, view.stock.available) for view in page.items] == [(product.id, 4)]
