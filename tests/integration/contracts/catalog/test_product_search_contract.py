"""The ProductSearch contract, for every adapter: filters, total orders and keyset paging.

Which products match text, and their ranks, may differ between adapters; the text cases
here are the ones every adapter must agree on (whole words in any case, SKUs, one typo).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from application.catalog.ports import ProductHits, ProductPosition, ProductQuery, ProductSort
from application.catalog.views import ProductView
from domain.catalog.category import Category
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import Product
from domain.catalog.values import ProductId
from domain.shared.money import Money
from tests.builders.catalog import a_category, a_product, a_stock_level, later
from tests.integration.contracts.catalog.conftest import Given, NewUnitOfWork

SORTS = list(ProductSort)
# The orders the port promises, written out independently of any adapter.
ORDERS: dict[ProductSort, tuple[Callable[[Product], Any], bool]] = {
    ProductSort.NEWEST: (lambda p: (p.created_at, p.id), True),
    ProductSort.PRICE: (lambda p: (p.price.amount, p.id), False),
    ProductSort.PRICE_DESC: (lambda p: (p.price.amount, p.id), True),
    ProductSort.NAME: (lambda p: (p.name.value.lower(), p.id), False),
}


async def _search(new_uow: NewUnitOfWork, **criteria: Any) -> ProductHits:
    criteria.setdefault("limit", 100)
    async with new_uow() as uow:
        return await uow.search.search(ProductQuery(**criteria))


async def _ids(new_uow: NewUnitOfWork, **criteria: Any) -> list[ProductId]:
    return [view.id for view in (await _search(new_uow, **criteria)).views]


async def _walk(new_uow: NewUnitOfWork, page_size: int, **criteria: Any) -> list[ProductId]:
    """Every page in turn, each continuing after the last hit of the one before."""
    seen: list[ProductId] = []
    after = None
    sort = criteria.get("sort", ProductSort.NEWEST)
    while True:
        page = await _search(new_uow, after=after, limit=page_size, **criteria)
        seen.extend(view.id for view in page.views)
        if len(page) < page_size:
            return seen
        after = page.position(-1, sort)


def _expected(products: list[Product], sort: ProductSort) -> list[ProductId]:
    key, descending = ORDERS[sort]
    return [p.id for p in sorted(products, key=key, reverse=descending)]


def _shelf(category: Category) -> list[Product]:
    """Eleven products full of ties: three prices, names equal but for case, shared times."""
    names = ["Lamp", "lamp", "Desk", "desk lamp"]
    return [
        a_product(
            category,
            name=names[n % 4],
            price=(n % 3 + 1) * 100,
            created_at=later(minutes=n % 2),
        )
        for n in range(11)
    ]


async def _given_shelf(given: Given) -> list[Product]:
    category = a_category()
    products = _shelf(category)
    await given(category, *products)
    return products


async def test_search_returns_every_active_product_when_the_query_is_empty(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    active = [a_product(category) for _ in range(3)]
    await given(category, *active, a_product(category, active=False))

    found = await _ids(new_uow)

    assert set(found) == {p.id for p in active}


async def test_search_includes_inactive_products_when_include_inactive_is_set(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    active, inactive = a_product(category), a_product(category, active=False)
    await given(category, active, inactive)

    found = await _ids(new_uow, include_inactive=True)

    assert set(found) == {active.id, inactive.id}


async def test_search_returns_products_of_the_given_categories_only_when_filtered(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, second, third = a_category(), a_category(), a_category()
    in_first, in_second = a_product(first), a_product(second)
    await given(first, second, third, in_first, in_second, a_product(third))

    found = await _ids(new_uow, category_ids=frozenset({first.id, second.id}))

    assert set(found) == {in_first.id, in_second.id}


async def test_search_keeps_prices_within_inclusive_bounds_when_filtered_by_price(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    by_price = {price: a_product(category, price=price) for price in (99, 100, 250, 300, 301)}
    await given(category, *by_price.values())

    found = await _ids(new_uow, min_price=100, max_price=300, sort=ProductSort.PRICE)

    assert found == [by_price[100].id, by_price[250].id, by_price[300].id]


async def test_search_returns_prices_in_the_currency_only_when_filtered_by_currency(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    usd = a_product(category, currency="USD")
    await given(category, usd, a_product(category, currency="EUR"))

    found = await _ids(new_uow, currency="USD")

    assert found == [usd.id]


@pytest.mark.parametrize("in_stock", [True, False])
async def test_search_splits_on_available_units_when_filtered_by_in_stock(
    new_uow: NewUnitOfWork, given: Given, in_stock: bool
) -> None:
    category = a_category()
    available, all_reserved, empty = (a_product(category) for _ in range(3))
    await given(
        category,
        available,
        all_reserved,
        empty,
        a_stock_level(available, on_hand=3, reserved=2),
        a_stock_level(all_reserved, on_hand=4, reserved=4),
    )

    found = await _ids(new_uow, in_stock=in_stock)

    expected = {available.id} if in_stock else {all_reserved.id, empty.id}
    assert set(found) == expected


async def test_hits_carry_the_products_stock_when_found(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product, a_stock_level(product, on_hand=7, reserved=3))

    (view,) = (await _search(new_uow)).views

    assert (view.stock.on_hand, view.stock.reserved, view.stock.available) == (7, 3, 4)


async def test_hits_show_the_stored_product_and_stock_as_their_views_do_when_found(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(
        category,
        description="Brass, 40 cm",
        metadata={"bulb": "led", "watts": 6},
        created_at=later(minutes=3),
    )
    product.reprice(Money(2599, "USD"), now=later(minutes=9))  # updated after created
    level = a_stock_level(product, on_hand=7, reserved=3, low_stock_threshold=4)
    await given(category, product, level)

    async with new_uow() as uow:
        (view,) = (await uow.search.search(ProductQuery())).views
        stored, stored_level = await uow.products.get(product.id), await uow.stock.get(product.id)

    assert stored is not None
    assert stored_level is not None
    assert view == ProductView.of(stored, stored_level)


@pytest.mark.parametrize(
    ("contained", "matches"),
    [
        ({"color": "black"}, {"black_iso"}),
        ({"layout": {"keys": 104}}, {"black_ansi"}),
        ({"layout": {"name": "ISO"}}, {"black_iso"}),
        ({"switches": ["brown"]}, {"black_iso", "black_ansi"}),
        ({"switches": ["red", "brown"]}, {"black_ansi"}),
        ({"wireless": True}, {"black_ansi"}),
        ({"wireless": 1}, set()),
        ({"color": ["black"]}, set()),
        ({}, {"black_iso", "black_ansi", "plain"}),
    ],
)
async def test_search_returns_products_whose_metadata_contains_it_when_filtered_by_metadata(
    new_uow: NewUnitOfWork, given: Given, contained: dict[str, Any], matches: set[str]
) -> None:
    category = a_category()
    products = {
        "black_iso": a_product(
            category,
            metadata={
                "color": "black",
                "layout": {"name": "ISO", "keys": 105},
                "switches": ["brown"],
            },
        ),
        "black_ansi": a_product(
            category,
            metadata={
                "color": "Black",
                "layout": {"name": "ANSI", "keys": 104},
                "switches": ["red", "brown", "blue"],
                "wireless": True,
            },
        ),
        "plain": a_product(category),
    }
    await given(category, *products.values())

    found = await _ids(new_uow, metadata=ProductMetadata(contained))

    assert set(found) == {products[name].id for name in matches}


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("keyboard", {"keyboard"}),
        ("KEYBOARD", {"keyboard"}),
        ("mechanical keyboard", {"keyboard"}),
        ("walnut", {"stand"}),
        ("KB-7731", {"keyboard"}),
        ("kb-7731", {"keyboard"}),
        ("keybaord", {"keyboard"}),
        ("monitor", {"stand"}),
        ("zzzzqqq", set()),
        ("keyboard walnut", set()),
    ],
)
async def test_search_finds_products_by_name_description_sku_and_near_misses_when_given_text(
    new_uow: NewUnitOfWork, given: Given, text: str, matches: set[str]
) -> None:
    category = a_category()
    products = {
        "keyboard": a_product(category, name="Mechanical Keyboard", sku="KB-7731"),
        "stand": a_product(
            category, name="Monitor Stand", description="Solid walnut, fits 27 inch screens."
        ),
        "chair": a_product(category, name="Office Chair", description="Mesh back."),
    }
    await given(category, *products.values())

    found = await _ids(new_uow, text=text, sort=ProductSort.RELEVANCE)

    assert set(found) == {products[name].id for name in matches}


async def test_search_applies_every_criterion_when_several_are_given(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category, other = a_category(), a_category()
    match = a_product(category, name="Desk Lamp", price=2500, metadata={"bulb": "led"})
    candidates = [
        match,
        a_product(other, name="Desk Lamp", price=2500, metadata={"bulb": "led"}),
        a_product(category, name="Desk Lamp", price=9000, metadata={"bulb": "led"}),
        a_product(category, name="Desk Lamp", price=2500, metadata={"bulb": "halogen"}),
        a_product(category, name="Desk Chair", price=2500, metadata={"bulb": "led"}),
        a_product(category, name="Desk Lamp", price=2500, currency="USD", metadata={"bulb": "led"}),
    ]
    await given(category, other, *candidates)

    found = await _ids(
        new_uow,
        text="lamp",
        category_ids=frozenset({category.id}),
        max_price=3000,
        currency="EUR",
        metadata=ProductMetadata({"bulb": "led"}),
    )

    assert found == [match.id]


@pytest.mark.parametrize("sort", list(ORDERS))
async def test_search_orders_by_the_sort_key_then_id_when_keys_tie(
    new_uow: NewUnitOfWork, given: Given, sort: ProductSort
) -> None:
    products = await _given_shelf(given)

    found = await _ids(new_uow, sort=sort)

    assert found == _expected(products, sort)


async def test_search_orders_by_rank_then_id_descending_when_sorted_by_relevance(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    await _given_shelf(given)

    hits = await _search(new_uow, text="lamp", sort=ProductSort.RELEVANCE)

    keys = [(rank, view.id) for view, rank in zip(hits.views, hits.ranks, strict=True)]
    assert keys == sorted(keys, reverse=True)
    assert len(hits) == 8


async def test_search_returns_at_most_limit_hits_when_more_match(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    products = await _given_shelf(given)

    found = await _ids(new_uow, sort=ProductSort.PRICE, limit=4)

    assert found == _expected(products, ProductSort.PRICE)[:4]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("page_size", [1, 3, 4])
async def test_pages_cover_every_match_once_in_order_when_walked_with_ties(
    new_uow: NewUnitOfWork, given: Given, sort: ProductSort, page_size: int
) -> None:
    await _given_shelf(given)
    text = "lamp" if sort is ProductSort.RELEVANCE else None
    everything = await _ids(new_uow, sort=sort, text=text)

    walked = await _walk(new_uow, page_size, sort=sort, text=text)

    assert walked == everything
    assert len(set(walked)) == len(walked) == (8 if text else 11)


@pytest.mark.parametrize("sort", list(ORDERS))
async def test_pages_miss_and_repeat_nothing_when_products_are_added_between_pages(
    new_uow: NewUnitOfWork, given: Given, sort: ProductSort
) -> None:
    products = await _given_shelf(given)
    first = await _search(new_uow, sort=sort, limit=4)
    category = a_category()
    newcomers = [
        a_product(category, name=name, price=price, created_at=later(minutes=minutes))
        for name, price, minutes in [("Aaa", 1, 9), ("Zzz", 99999, -9), ("lamp", 200, 0)]
    ]
    await given(category, *newcomers)

    rest = await _walk_from(new_uow, sort, first.position(-1, sort))

    seen = [view.id for view in first.views] + rest
    originals = [pid for pid in seen if pid in {p.id for p in products}]
    assert originals == _expected(products, sort)
    assert len(seen) == len(set(seen))


async def _walk_from(
    new_uow: NewUnitOfWork, sort: ProductSort, after: ProductPosition
) -> list[ProductId]:
    seen: list[ProductId] = []
    while True:
        page = await _search(new_uow, sort=sort, after=after, limit=3)
        seen.extend(view.id for view in page.views)
        if len(page) < 3:
            return seen
        after = page.position(-1, sort)
