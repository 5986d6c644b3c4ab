"""A search without words, categories or metadata (the browse page) runs a statement built
and compiled once per shape: PostgreSQL must get the SQL and arguments that building the
statement for that search (``_planned``) gives, so the plans stay the ones
test_search_plans checks. Compiled only, no server needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Select

from adapters.outbound.persistence.postgres.catalog.search import (
    Prepared,
    _planned,
    _Text,
    find,
)
from adapters.outbound.persistence.postgres.statements import compiled
from application.catalog.ports import ProductPosition, ProductQuery, ProductSort, SortKey
from domain.catalog.metadata import ProductMetadata
from domain.catalog.values import CategoryId, ProductId
from tests.builders.catalog import later

Sent = tuple[str, list[Any]]
BROWSE_SORTS = [ProductSort.NEWEST, ProductSort.PRICE, ProductSort.PRICE_DESC, ProductSort.NAME]


def _key(sort: ProductSort, n: int) -> SortKey:
    keys: dict[ProductSort, SortKey] = {
        ProductSort.NEWEST: later(minutes=n),
        ProductSort.PRICE: 100 * n,
        ProductSort.PRICE_DESC: 100 * n,
        ProductSort.NAME: f"desk lamp {n}",
        ProductSort.RELEVANCE: 0.0,
    }
    return keys[sort]


def _shapes(n: int) -> dict[str, ProductQuery]:
    """Each shape tested, with the n-th set of values: the browse shapes (every sort but
    relevance, inactive products or not, first page or after a cursor), then the other
    plain ones."""
    shapes: dict[str, ProductQuery] = {}
    for sort in BROWSE_SORTS:
        for include_inactive in (False, True):
            for paged in (False, True):
                after = ProductPosition(key=_key(sort, n), product_id=ProductId(uuid4()))
                name = f"{sort.value}{', inactive too' if include_inactive else ''}"
                shapes[f"{name}{', after a cursor' if paged else ''}"] = ProductQuery(
                    sort=sort,
                    include_inactive=include_inactive,
                    after=after if paged else None,
                    limit=100 + n,
                )
    after = ProductPosition(key=_key(ProductSort.PRICE, n), product_id=ProductId(uuid4()))
    shapes |= {
        "a price range by price, after a cursor": ProductQuery(
            sort=ProductSort.PRICE, min_price=n, max_price=1000 * n, after=after, limit=20
        ),
        "a lower bound by -price": ProductQuery(sort=ProductSort.PRICE_DESC, min_price=n),
        "an upper bound by price": ProductQuery(sort=ProductSort.PRICE, max_price=500 * n),
        "a currency, in stock": ProductQuery(currency=("EUR", "USD")[n % 2], in_stock=True),
        "out of stock, by name": ProductQuery(in_stock=False, sort=ProductSort.NAME, limit=n),
        "relevance without words, after a cursor": ProductQuery(
            sort=ProductSort.RELEVANCE,
            after=ProductPosition(key=0.0, product_id=ProductId(uuid4())),
            limit=n,
        ),
        "a zero limit": ProductQuery(limit=0),
    }
    return shapes


async def _statements(query: ProductQuery) -> list[Select[Any] | Prepared]:
    """The statements ``find`` runs for the query when each answers no rows."""
    run: list[Select[Any] | Prepared] = []

    async def execute(statement: Select[Any] | Prepared) -> Sequence[Any]:
        run.append(statement)
        return []

    await find(execute, query)
    return run


async def _prepared(query: ProductQuery) -> Prepared:
    (statement,) = await _statements(query)
    assert isinstance(statement, Prepared), "the search built its statement"
    return statement


async def _sent(query: ProductQuery) -> Sent:
    """What a search sends to PostgreSQL: its prepared statement's SQL and arguments."""
    prepared = await _prepared(query)
    return prepared.query.compiled.sql, prepared.query.args(prepared.values)


def _built(query: ProductQuery) -> Sent:
    """What it sent when its statement was built for it."""
    shape, args = compiled(_planned(query, _Text([], {})))
    return shape.sql, args


@pytest.mark.parametrize("shape", list(_shapes(1)))
async def test_plain_search_sends_what_its_built_statement_would_when_its_shape_repeats(
    shape: str,
) -> None:
    first, again = _shapes(1)[shape], _shapes(2)[shape]

    sent = [await _sent(first), await _sent(again)]

    assert sent == [_built(first), _built(again)]


async def test_plain_search_reuses_one_compiled_statement_when_its_shape_repeats() -> None:
    first = await _prepared(ProductQuery(limit=101, after=_position(1)))

    again = await _prepared(ProductQuery(limit=101, after=_position(2)))

    assert again.statement is first.statement
    assert again.query is first.query
    assert (first.values["after_key"], again.values["after_key"]) == (
        later(minutes=1),
        later(minutes=2),
    )


async def test_plain_search_writes_its_page_size_into_the_sql() -> None:
    # A parameterized LIMIT made PostgreSQL plan every execution anew (search.py).
    hundred = await _prepared(ProductQuery(limit=101))
    twenty = await _prepared(ProductQuery(limit=21))

    assert hundred.query.compiled.sql.endswith("LIMIT 101")
    assert twenty.query.compiled.sql.endswith("LIMIT 21")
    assert "limit" not in hundred.query.compiled.names


def _position(n: int) -> ProductPosition:
    return ProductPosition(key=later(minutes=n), product_id=ProductId(UUID(int=n)))


@pytest.mark.parametrize(
    "query",
    [
        ProductQuery(text="lamp"),
        ProductQuery(category_ids=frozenset({CategoryId(UUID(int=1))})),
        ProductQuery(metadata=ProductMetadata({"bulb": "led"})),
        ProductQuery(min_price=100),  # by newest: the walks read the range as a filter
        ProductQuery(sort=ProductSort.RELEVANCE, category_ids=frozenset()),
    ],
    ids=["text", "categories", "metadata", "a price range by newest", "relevance, categories"],
)
async def test_search_builds_its_statements_when_it_filters_by_more_than_a_plain_search(
    query: ProductQuery,
) -> None:
    run = await _statements(query)

    assert run
    assert not any(isinstance(statement, Prepared) for statement in run)
