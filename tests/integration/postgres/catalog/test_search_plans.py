"""The documented product searches use indexes: no plan reads the whole products table.

The statements are the adapter's own, run by its ``find`` as ``search`` runs them, each
EXPLAINed with its parameters bound as ``search`` binds them. The planner is left alone
(no ``enable_seqscan = off``): a database of its own is filled with PRODUCTS products (in
the order of their creation times, as a shop's table fills, which the BRIN index on
``created_at`` relies on) and VOCABULARY more name words (INSERT … SELECT generate_series,
a few seconds) and VACUUMed and ANALYZEd as the bulk loader leaves a catalog, which is
enough rows for every index to beat a sequential scan on cost, so the tests see the plans
the planner really picks, only on smaller tables. The shapes are those of the performance
goal: text with a typo, a category subtree with a price range, in stock by price, metadata
containment, and pages deep in a cursor walk.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
import pytest_asyncio
from sqlalchemy import ClauseElement, Executable, Select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.compiler import SQLCompiler

from adapters.outbound.persistence.postgres.catalog.search import (
    RANKED_MATCHES,
    Prepared,
    corrections_statement,
    find,
)
from adapters.outbound.persistence.postgres.engine import asyncpg_url
from adapters.outbound.persistence.postgres.migrations import migrate
from application.catalog.ports import ProductPosition, ProductQuery, ProductSort
from domain.catalog.metadata import ProductMetadata
from domain.catalog.values import CategoryId, ProductId
from tests.support.engine import create_engine

pytestmark = pytest.mark.postgres

PRODUCTS = 50_000
VOCABULARY = 100_000  # words of other names: a real catalog's names use many
T0 = datetime(2025, 1, 1, tzinfo=UTC)
ROOTS, CHILDREN = 10, 10  # ten roots of ten leaves; products sit in the leaves

# Names "<adjective> <noun> <model>": a few common words, and model words made of
# syllables, so that words range from common to rare as in a real catalog.
_SEED = """
INSERT INTO categories (id, name, slug, parent_id, position, created_at, updated_at, version)
SELECT md5('category-' || i)::uuid, 'Category ' || i, 'category-' || i,
       CASE WHEN i > :roots THEN md5('category-' || ((i - :roots - 1) / :children + 1))::uuid END,
       i % 7, :t0, :t0, 1
FROM generate_series(1, :roots * (1 + :children)) AS i;

INSERT INTO products (id, sku, name, name_key, description, price_cents, currency, category_id,
                      metadata, active, created_at, updated_at, version)
SELECT md5('product-' || i)::uuid, 'SKU-' || i, name, lower(name),
       'A ' || lower(name) || ' for everyday use, sturdy and light.',
       (i::bigint * 7919) % 100000,
       CASE WHEN i % 10 = 0 THEN 'USD' ELSE 'EUR' END,
       md5('category-' || (:roots + 1 + i % (:roots * :children)))::uuid,
       jsonb_build_object(
           'color', (ARRAY['red', 'black', 'white', 'blue', 'green', 'grey', 'pink', 'gold'])
                    [1 + i % 8],
           'size', (ARRAY['xs', 's', 'm', 'l', 'xl'])[1 + (i / 8) % 5],
           'series', i % 199,
           'wireless', i % 3 = 0),
       i % 20 <> 0,
       CAST(:t0 AS timestamptz) + i * interval '1 second',
       CAST(:t0 AS timestamptz) + i * interval '1 second', 1
FROM (
    SELECT i,
           (ARRAY['Compact', 'Ergonomic', 'Wireless', 'Mechanical', 'Silent', 'Portable',
                  'Premium', 'Classic', 'Smart', 'Rugged'])[1 + i % 10]
           || ' ' ||
           (ARRAY['Keyboard', 'Mouse', 'Monitor', 'Headset', 'Webcam', 'Speaker', 'Charger',
                  'Cable', 'Lamp', 'Chair', 'Desk', 'Stand', 'Microphone', 'Router', 'Tablet',
                  'Backpack', 'Notebook', 'Pen', 'Adapter', 'Dock'])[1 + (i / 10) % 20]
           || ' ' ||
           initcap((ARRAY['ka', 'lo', 'mi', 'ne', 'po', 'ru', 'sa', 'te', 'vi', 'zo', 'ba',
                          'de', 'fi', 'go', 'hu', 'ja', 'ki', 'le', 'mo', 'nu', 'pa', 're',
                          'si'])[1 + i % 23]
                   || (ARRAY['ran', 'tel', 'vix', 'dor', 'mun', 'sep', 'lak', 'tor', 'vin',
                             'bel', 'cor', 'dun', 'fal', 'gur', 'hin', 'jor', 'kel', 'lum',
                             'mar', 'nor', 'pel', 'qui', 'ros', 'sol', 'tam', 'ulm', 'ver',
                             'wex', 'yar'])[1 + (i / 23) % 29]) AS name
    FROM generate_series(1, :products) AS i
) AS generated;

INSERT INTO product_name_words (word)
SELECT (ARRAY['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z'])[1 + i % 14]
       || substr(md5('word-' || i), 1, 3 + i % 6)
FROM generate_series(1, :vocabulary) AS i
ON CONFLICT DO NOTHING;

INSERT INTO stock_levels (product_id, on_hand, reserved, low_stock_threshold, last_sequence,
                          updated_at, version)
SELECT md5('product-' || i)::uuid, (i % 5) * 10, CASE WHEN i % 5 = 0 THEN 0 ELSE i % 7 END,
       0, 0, :t0, 1
FROM generate_series(1, :products) AS i;
"""


class _Explain(Executable, ClauseElement):
    """``EXPLAIN (FORMAT JSON)`` of a statement, its parameters bound as when it runs."""

    inherit_cache = False

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement


@compiles(_Explain)
def _compile_explain(element: _Explain, compiler: SQLCompiler, **kw: Any) -> str:
    return "EXPLAIN (FORMAT JSON) " + compiler.process(element.statement, **kw)


async def seed(connection: AsyncConnection, products: int) -> None:
    """Fill an empty catalog with ``products`` products, their stock and 110 categories."""
    parameters = {
        "roots": ROOTS,
        "children": CHILDREN,
        "products": products,
        "vocabulary": VOCABULARY,
        "t0": T0,
    }
    for statement in _SEED.split(";\n"):
        if statement.strip():
            await connection.execute(text(statement), parameters)


async def vacuum(server_url: str, database: str) -> None:
    """VACUUM (ANALYZE) the seeded tables, as the bulk loader does after a load: the
    visibility map set (index-only scans) and statistics from a sample as large as the
    tables, so that the plans asserted below are the same on every run, not drawn from a
    random 30,000 rows."""
    await _outside_transaction(
        server_url,
        "SET default_statistics_target = 10000",
        "VACUUM (ANALYZE) categories, products, product_name_words, stock_levels",
        database=database,
    )


def product_id(n: int) -> ProductId:
    """The id ``seed`` gave the n-th product."""
    return ProductId(UUID(_md5(f"product-{n}")))


def category_id(n: int) -> CategoryId:
    return CategoryId(UUID(_md5(f"category-{n}")))


def subtree_of_root(root: int) -> frozenset[CategoryId]:
    """A root category and its leaves, as the search use case expands a category."""
    first_leaf = ROOTS + 1 + (root - 1) * CHILDREN
    return frozenset(
        [category_id(root), *(category_id(n) for n in range(first_leaf, first_leaf + CHILDREN))]
    )


def _md5(value: str) -> str:
    return hashlib.md5(value.encode(), usedforsecurity=False).hexdigest()


@pytest_asyncio.fixture(scope="module")
async def seeded(postgres_server_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a database of this module, migrated and seeded with PRODUCTS products."""
    name = f"hexashop_test_{uuid4().hex[:12]}"
    await _outside_transaction(postgres_server_url, f'CREATE DATABASE "{name}"')
    url = make_url(postgres_server_url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    try:
        await migrate(url)
        async with engine.begin() as connection:
            await seed(connection, PRODUCTS)
        await vacuum(postgres_server_url, name)
        yield engine
    finally:
        await engine.dispose()
        await _outside_transaction(postgres_server_url, f'DROP DATABASE IF EXISTS "{name}"')


async def _outside_transaction(server_url: str, *statements: str, database: str = "") -> None:
    url = make_url(server_url)
    if database:
        url = url.set(database=database)
    engine = create_async_engine(
        asyncpg_url(url.render_as_string(hide_password=False)),
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
    )
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def plans(engine: AsyncEngine, query: ProductQuery) -> list[dict[str, Any]]:
    """The plans of the statements the adapter runs on products for ``query``, in turn
    (the corrections lookup left out): ``find`` decides which, as for ``search``."""
    found: list[dict[str, Any]] = []
    async with engine.connect() as connection:

        async def execute(statement: Select[Any] | Prepared) -> Sequence[Any]:
            values: Mapping[str, Any] = {}
            if isinstance(statement, Prepared):  # a plain search's statement, built once
                statement, values = statement.statement, statement.values
            raw = (await connection.execute(_Explain(statement), values)).scalar_one()
            document = json.loads(raw) if isinstance(raw, str) else raw
            if _products_scans(document[0]["Plan"]):
                found.append(document[0]["Plan"])
            return (await connection.execute(statement, values)).all()

        await find(execute, query)
    return found


def nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


def _products_scans(node: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(node type, index) of every node of the plan that reads products."""
    return [
        (each["Node Type"], each.get("Index Name"))
        for each in nodes(node)
        if each.get("Relation Name") == "products"
        or str(each.get("Index Name", "")).startswith(("ix_products_", "pk_products"))
    ]


SHAPES: dict[str, ProductQuery] = {
    # A model name ("Karan", about 1 product in 667) misspelt: relevance ranks every match,
    # so its shape is a rare word's (a common one's is a scan, whatever the indexes).
    "text with a typo, by relevance": ProductQuery(text="kaaran", sort=ProductSort.RELEVANCE),
    # "Mechanical" is in 1 name of 10: far more matches than relevance ranks.
    "text with a typo, common, by relevance": ProductQuery(
        text="mechanicall", sort=ProductSort.RELEVANCE
    ),
    # "Keyboard" is in 1 name of 20: the pilot meets a page of them.
    "text with a typo, newest first": ProductQuery(text="keybaord"),
    "text with a typo, rare, newest first": ProductQuery(text="rugged kaaran"),
    "a category subtree and a price range": ProductQuery(
        category_ids=subtree_of_root(3), min_price=10_000, max_price=20_000
    ),
    # About 25 matches: the walks come short.
    "a category subtree and a narrow price range": ProductQuery(
        category_ids=subtree_of_root(3), min_price=10_000, max_price=10_500
    ),
    "in stock, by price": ProductQuery(in_stock=True, sort=ProductSort.PRICE),
    "metadata containment, a common value": ProductQuery(
        metadata=ProductMetadata({"color": "gold"}), sort=ProductSort.PRICE
    ),
    "metadata containment, a rare value": ProductQuery(
        metadata=ProductMetadata({"series": 42, "wireless": True})
    ),
    # In 1 product of 120: the pilot meets a few, too few for a page, and the gather looks
    # within a window of the newest products first.
    "metadata containment, an uncommon value, newest first": ProductQuery(
        metadata=ProductMetadata({"color": "red", "size": "m", "wireless": True})
    ),
    "deep in a walk, newest first": ProductQuery(
        after=ProductPosition(
            key=T0 + timedelta(seconds=PRODUCTS // 3), product_id=product_id(PRODUCTS // 3)
        )
    ),
    "deep in a walk, by price descending": ProductQuery(
        sort=ProductSort.PRICE_DESC,
        after=ProductPosition(key=25_000, product_id=product_id(1)),
    ),
    "deep in a walk, by name": ProductQuery(
        sort=ProductSort.NAME,
        after=ProductPosition(key="portable lamp", product_id=product_id(1)),
    ),
}


@pytest.mark.parametrize("shape", list(SHAPES))
async def test_search_reads_products_through_indexes_when_filtering_as_documented(
    seeded: AsyncEngine, shape: str
) -> None:
    for root in await plans(seeded, SHAPES[shape]):
        scans = _products_scans(root)

        assert scans
        assert all(node_type != "Seq Scan" for node_type, _ in scans), scans


async def test_typo_search_is_answered_by_walking_the_sort_index_when_matches_are_common(
    seeded: AsyncEngine,
) -> None:
    walks = await plans(seeded, SHAPES["text with a typo, newest first"])

    used = [{index for _, index in _products_scans(walk)} for walk in walks]
    assert all("ix_products_created_at_id" in indexes for indexes in used)
    assert not any("ix_products_search_vector" in indexes for indexes in used)


async def test_typo_search_probes_the_sort_index_then_gathers_through_gin_when_words_are_rare(
    seeded: AsyncEngine,
) -> None:
    probe, gather = await plans(seeded, SHAPES["text with a typo, rare, newest first"])

    assert {index for _, index in _products_scans(probe)} >= {"ix_products_created_at_id"}
    assert {index for _, index in _products_scans(gather)} >= {"ix_products_search_vector"}


async def test_relevance_search_finds_matches_through_the_text_indexes_when_a_word_is_misspelt(
    seeded: AsyncEngine,
) -> None:
    (root,) = await plans(seeded, SHAPES["text with a typo, by relevance"])

    assert {index for _, index in _products_scans(root)} >= {"ix_products_search_vector"}


async def test_relevance_search_ranks_a_bounded_set_of_matches_when_a_word_is_common(
    seeded: AsyncEngine,
) -> None:
    (root,) = await plans(seeded, SHAPES["text with a typo, common, by relevance"])

    (matches,) = [node for node in nodes(root) if node.get("Subplan Name") == "CTE matches"]
    (cut,) = [
        node
        for node in nodes(root)
        if node["Node Type"] == "Limit"
        and any(child.get("CTE Name") == "matches" for child in node.get("Plans", []))
    ]
    assert matches["Node Type"] == "Bitmap Heap Scan"
    assert cut["Plan Rows"] <= RANKED_MATCHES


async def test_misspelt_words_are_corrected_through_the_trigram_index_when_searching(
    seeded: AsyncEngine,
) -> None:
    async with seeded.connect() as connection:
        raw = (
            await connection.execute(_Explain(corrections_statement(["keybaord", "kaaran"])))
        ).scalar_one()
    document = json.loads(raw) if isinstance(raw, str) else raw

    used = {node.get("Index Name") for node in nodes(document[0]["Plan"])}
    assert "ix_product_name_words_trgm" in used


async def test_deep_pages_start_at_the_cursor_in_the_sort_index_when_walking(
    seeded: AsyncEngine,
) -> None:
    (root,) = await plans(seeded, SHAPES["deep in a walk, newest first"])

    (scan,) = [node for node in nodes(root) if node.get("Relation Name") == "products"]
    assert (scan["Node Type"], scan["Index Name"]) == ("Index Scan", "ix_products_created_at_id")
    assert "created_at" in scan["Index Cond"]


async def test_metadata_search_is_answered_by_the_probe_when_the_value_is_common(
    seeded: AsyncEngine,
) -> None:
    (probe,) = await plans(seeded, SHAPES["metadata containment, a common value"])

    assert {index for _, index in _products_scans(probe)} >= {"ix_products_price_cents_id"}


async def test_metadata_search_gathers_through_the_jsonb_index_when_the_value_is_rare(
    seeded: AsyncEngine,
) -> None:
    _, gather = await plans(seeded, SHAPES["metadata containment, a rare value"])

    assert {index for _, index in _products_scans(gather)} >= {"ix_products_metadata"}


async def test_metadata_search_reads_its_window_through_the_brin_index_when_newest_first(
    seeded: AsyncEngine,
) -> None:
    _, window = await plans(seeded, SHAPES["metadata containment, an uncommon value, newest first"])

    assert {index for _, index in _products_scans(window)} >= {
        "ix_products_created_at_brin",
        "ix_products_metadata",
    }


async def test_category_search_gathers_from_the_category_index_alone_when_the_walks_come_short(
    seeded: AsyncEngine,
) -> None:
    *_, gather = await plans(seeded, SHAPES["a category subtree and a narrow price range"])

    assert ("Index Only Scan", "ix_products_category_id_price_cents") in _products_scans(gather)
