"""Product search in PostgreSQL: filters, full text with typo tolerance, and keyset pages.

Text. The query is cut into words as the in-memory adapter cuts it (runs of letters and
digits, lower-cased, at most MAX_QUERY_WORDS; a text without any word filters nothing).
Each word is first looked up among the distinct words of product names
(``product_name_words``): those within pg_trgm similarity TRIGRAM_THRESHOLD of it (pg_trgm's
default for ``%``, and the in-memory adapter's threshold), at most MAX_CORRECTIONS of them,
are its corrections. Then every word must match, itself or one of its corrections, as a
whole word of the SKU, name or description through the generated ``search_vector`` (GIN).
So a misspelling costs one trigram lookup among distinct words, not a trigram comparison
per product (which, for a short misspelt word, means comparing with much of the table).
Relevance adds up the ``ts_rank`` of each word as typed and FUZZY_WEIGHT times that of each
correction (SKU and name weigh 1.0, the description 0.4), in double precision, so a hit's
rank is exactly the value its cursor carries back.

Relevance ranks at most RANKED_MATCHES matches: the first that the indexes yield (in
storage order, not by any sort key; for a word in a good part of the catalog, the first a
scan from the table's start meets), then their page by rank. Ranking reads each match's
row, and a common word matches tens of thousands of a million products; when more match,
the others are left out, from later pages too, and a narrower query (another word, a
category) ranks them. Fewer matches are all ranked.

Order and paging. Each sort is a key and the product id, compared as a row
(``(key, id) > (:key, :id)``), which a btree on (key, id) serves as an index range, forwards
or backwards: ``ix_products_created_at_id``, ``ix_products_price_cents_id``,
``ix_products_name_key_id``. Relevance is computed, so its candidates are sorted. Stock is
joined through its primary key, so ``in_stock`` reads ``stock_levels.available``.

Plans. Without text, metadata or a category or price filter the planner's choice is sound.
With them it is not: it takes words, metadata keys, categories and prices to be
independent of each other and of the sort order, and when it walks a sort index expecting
a match every few rows while there is none, a page reads much of the table (seconds at a
million products). So under the index-backed sorts such a search is at most three
statements, each run only if the one before came short of a page, all finding the same
hits:

- the *pilot*: a walk of the sort index through the first PILOT_ROWS products (after the
  cursor), which stops at the page's last hit; enough when matches are common. Every
  such search reads the same first products of its sort, so their rows stay in memory.
- a *walk* through PROBE_ROWS products, only if the pilot met matches often enough to
  expect a page there (and the catalog is large enough for a gather to cost more);
- else a *gather*: every match collected through the GIN indexes or the category index (in
  a materialized CTE, so that the planner cannot turn it back into a walk), then sorted;
  cheap because matches are then rare. The category index includes every sort key and
  filtered column, so category and price filters are read from it alone. For text and
  metadata, when the pilot's rate predicts thousands of matches, the gather first looks
  within a window of the sort order expected to hold WINDOW_PAGES pages of them
  (``_window``): the planner then intersects the GIN index with the window's range (newest
  first, from the BRIN index on ``created_at``: a shop's table fills in creation order, so
  that range is a few page ranges) and reads only the window's rows.

Conditions on the sort key itself (a price range when sorting by price) are not filters
but the range the walks read.

Python. A search without words, categories or metadata (the browse page: the newest
products, or by price or name, with or without a cursor) is the one statement ``_planned``
would build; ``_plain`` builds it once per shape with named bindparams and compiles it once
(``Query``), so such a search costs no statement building, only its values. Others are built
per search (their shapes are many), and ``compiled`` turns each shape into SQL once.

``find`` runs exactly the statements ``search`` runs (``corrections_statement`` and the
strategy's statements) through a given executor, for tests that EXPLAIN them.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import (
    CTE,
    ColumnElement,
    Double,
    FromClause,
    Integer,
    Select,
    Text,
    Uuid,
    any_,
    bindparam,
    cast,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, REGCLASS, REGCONFIG, TSQUERY

from adapters.outbound.persistence.postgres.catalog.tables import (
    PRODUCT_COLUMNS,
    SEARCH_CONFIG,
    product_name_words,
    products,
    stock_levels,
)
from adapters.outbound.persistence.postgres.statements import Query
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.catalog.ports import ProductHits, ProductQuery, ProductSearch, ProductSort
from application.catalog.views import ProductView, StockView
from domain.catalog.stock import available, is_low

MAX_QUERY_WORDS = 20
TRIGRAM_THRESHOLD = 0.3
MAX_CORRECTIONS = 16
FUZZY_WEIGHT = 0.5
# The pilot answers when at least 2 % of the products it reads match (a page of 20), for
# about a millisecond at a million products: the newest products' rows stay in memory.
PILOT_ROWS = 1000
# The longer walk answers when at least 0.4 % match (about 5 ms at a million); below that
# the gather has few matches to fetch.
PROBE_ROWS = 5000
# Ranking reads a row per candidate: 200 cost about a millisecond at a million products,
# on top of the text index's own work (a few more for a brand's worth of matches).
RANKED_MATCHES = 200
# A window of the sort order is sized to hold this many pages of matches at the pilot's
# rate. By price, it is used only if it has fewer products than this many times the matches
# a gather would fetch: a product in the window costs an entry of the price btree, a match a
# row read. Newest first, the BRIN index on created_at gives the window as a few page
# ranges for next to nothing, so it is always worth a look.
WINDOW_PAGES = 3
ENTRIES_PER_ROW_READ = 20

Corrections = Mapping[str, Sequence[str]]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A statement built and compiled once for every search of its shape, and one search's
    values for its named bindparams (a value it has no bindparam for is ignored):
    ``query`` is what ``search`` runs, ``statement`` the same for executors that run
    SQLAlchemy statements."""

    statement: Select[Any]
    query: Query
    values: Mapping[str, Any]


Execute = Callable[[Select[Any] | Prepared], Awaitable[Sequence[Any]]]

_WORD = re.compile(r"[^\W_]+")
_CONFIG = literal_column(f"'{SEARCH_CONFIG}'::regconfig", REGCONFIG)
_DESCENDING = frozenset({ProductSort.NEWEST, ProductSort.PRICE_DESC, ProductSort.RELEVANCE})
_PRICE_SORTS = (ProductSort.PRICE, ProductSort.PRICE_DESC)
_WINDOWED_SORTS = (*_PRICE_SORTS, ProductSort.NEWEST)  # keys a window's end is computed on
_SORT_COLUMNS = {
    ProductSort.NEWEST: "created_at",
    ProductSort.PRICE: "price_cents",
    ProductSort.PRICE_DESC: "price_cents",
    ProductSort.NAME: "name_key",
}
_NO_RANK: ColumnElement[float] = literal_column("0::double precision", Double())
# The planner's count of products (pg_class.reltuples), which a walk returns with its rows.
_pg_class = table("pg_class", column("oid"), column("reltuples", Double()))
_CATALOG_SIZE = (
    select(_pg_class.c.reltuples)
    .where(_pg_class.c.oid == cast(literal(products.name), REGCLASS))
    .scalar_subquery()
    .label("catalog_size")
)
# What a hit row holds (``_output``), in this order, which ``_view`` reads by position:
# the product's columns but name_key (the sort key of names: a hit shows the name), the
# stock a hit shows, then the rank. Every column more is decoded a hundred times per page.
_HIT_COLUMNS = tuple(name for name in PRODUCT_COLUMNS if name != "name_key")
# Sent as text and parsed in ``_view``, PostgreSQL writing the text for about what the
# binary form costs it. Timestamps: asyncpg's binary decoding builds a timedelta and adds it
# to an epoch, a sixth of the CPU a page of a hundred products cost, where
# ``datetime.fromisoformat`` takes half as long (the text is ISO 8601 in UTC: the pool pins
# DateStyle and TimeZone). Metadata: the pool's jsonb codec is a Python call per value
# from asyncpg's decoding loop, a quarter more than orjson reading the text in ``_view``.
_TEXT_COLUMNS = frozenset({"metadata", "created_at", "updated_at"})
_STOCK_COLUMNS = ("on_hand", "reserved", "low_stock_threshold")
_VIEWED = len(_HIT_COLUMNS) + len(_STOCK_COLUMNS)
_RANK = _VIEWED
# Plain searches with a price range: the price sorts (the range is the walk's), and
# relevance without words (the planner's choice, as for every such relevance search).
_PLAIN_PRICED_SORTS = frozenset({*_PRICE_SORTS, ProductSort.RELEVANCE})
# Plain statements kept, one per shape: the sorts times the filters given times the page
# sizes clients use (the API's are 1 to MAX_PAGE_SIZE + 1).
_PLAIN_STATEMENTS = 2000


class PostgresProductSearch(ProductSearch):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def search(self, query: ProductQuery) -> ProductHits:
        rows = await find(self._rows, query)
        return ProductHits([_view(row) for row in rows], [row[_RANK] for row in rows])

    async def _rows(self, statement: Select[Any] | Prepared) -> Sequence[Any]:
        if isinstance(statement, Prepared):
            return (await self._tx.run(statement.query, **statement.values)).all()
        return (await self._tx.execute(statement)).all()


async def find(execute: Execute, query: ProductQuery) -> Sequence[Any]:
    """The rows of the page ``search`` returns, running its statements through ``execute``.

    Each row has the product columns, the stock columns prefixed ``stock_``, and ``rank``.
    """
    words = query_words(query.text)
    plain = None if words else _plain(query)
    if plain is not None:
        return await execute(plain)
    corrections: dict[str, list[str]] = {}
    if words:
        for row in await execute(corrections_statement(words)):
            corrections.setdefault(row.asked, []).append(row.corrected)
    return await _strategy(execute, query, _Text(words, corrections))


async def _strategy(execute: Execute, query: ProductQuery, text: _Text) -> Sequence[Any]:
    """The rows of the page, by the statements the sort and the filters call for."""
    if query.sort is ProductSort.RELEVANCE:
        # Without words every rank is 0: the order is the ids', which the planner walks.
        return await execute(_ranked(query, text) if text.words else _planned(query, text))
    if not _filters_selectively(query, text):
        return await execute(_planned(query, text))
    walk_on, window = query.limit < PROBE_ROWS, None
    if query.limit < PILOT_ROWS:
        found = await execute(_probed(query, text, PILOT_ROWS, extent=True))
        if len(found) >= query.limit or (found and found[0].walk_end is None):
            return found  # a page, or every product after the cursor read
        walk_on = _walking_on_pays(len(found), found[0].catalog_size if found else 0, query)
        if found and not walk_on:
            window = _window(found[0], len(found), query, text)
    if walk_on:
        found = await execute(_probed(query, text, PROBE_ROWS))
        if len(found) >= query.limit:
            return found
    if window is not None:
        found = await execute(_gathered(query, text, within=window))
        if len(found) >= query.limit:
            return found
    return await execute(_gathered(query, text))


def _walking_on_pays(hits: int, catalog_size: float, query: ProductQuery) -> bool:
    """Whether the longer walk should follow a pilot that met ``hits`` matches: at the
    pilot's rate it must fill the page, and read fewer products than the gather would
    fetch matches (``catalog_size`` is the planner's count of products; unknown if not
    positive, as before a first ANALYZE). A small catalog is gathered at once."""
    if hits * PROBE_ROWS < query.limit * PILOT_ROWS:
        return False
    return catalog_size <= 0 or hits * catalog_size > PROBE_ROWS * PILOT_ROWS


def _window(pilot: Any, hits: int, query: ProductQuery, text: _Text) -> Any:
    """The sort key up to which a gather looks first, or None to gather every match.

    For text and metadata, whose GIN index the planner then intersects with the window's
    range (newest first: of the BRIN index on ``created_at``; by price: of the price btree),
    reading only the window's matches. The window's end is extrapolated from
    the keys the pilot walked over, so it holds about the products asked for where keys are
    spread evenly, and fewer or more elsewhere: any end is right.
    """
    if not (text.words or query.metadata is not None) or query.sort not in _WINDOWED_SORTS:
        return None
    rows = WINDOW_PAGES * query.limit * PILOT_ROWS // hits
    if query.sort is not ProductSort.NEWEST and (
        rows > ENTRIES_PER_ROW_READ * hits * pilot.catalog_size / PILOT_ROWS
    ):
        return None  # the matches are few enough to fetch them all
    first, end = pilot.walk_first, pilot.walk_end
    bound = first + (end - first) * (rows / PILOT_ROWS)
    return round(bound) if _sorts_by_price(query) else bound


def query_words(text: str | None) -> list[str]:
    """The distinct words of a search text, lower-cased, at most MAX_QUERY_WORDS."""
    if not text:
        return []
    return list(dict.fromkeys(_WORD.findall(text.lower())))[:MAX_QUERY_WORDS]


def corrections_statement(words: Sequence[str]) -> Select[Any]:
    """(asked, corrected) pairs: for each word, the other words of product names within
    TRIGRAM_THRESHOLD similarity, at most MAX_CORRECTIONS, the nearest first.

    ``%`` finds candidates through the trigram index at pg_trgm's configured threshold
    (0.3 unless the server says otherwise); the explicit comparison holds ours. The words
    arrive as one array, so the planner sees a lookup per word and prefers the index even
    where a constant word would make a scan of a small vocabulary look cheaper.
    """
    asked = (
        func.unnest(literal(list(words), ARRAY(Text())))
        .table_valued("word")
        .render_derived(name="asked")
    )
    known = product_name_words.c.word
    similarity = func.similarity(known, asked.c.word)
    nearest = (
        select(known)
        .where(known.bool_op("%")(asked.c.word), known != asked.c.word)
        .where(similarity >= TRIGRAM_THRESHOLD)
        .order_by(similarity.desc(), known)
        .limit(MAX_CORRECTIONS)
        .lateral("nearest")
    )
    return select(asked.c.word.label("asked"), nearest.c.word.label("corrected")).select_from(
        asked.join(nearest, true())
    )


def _filters_selectively(query: ProductQuery, text: _Text) -> bool:
    """Whether a filter the planner misjudges applies: text, metadata, categories, or a
    price range other than the range of a price sort."""
    price_filter = query.min_price is not None or query.max_price is not None
    return bool(
        text.words
        or query.metadata is not None
        or query.category_ids is not None
        or (price_filter and not _sorts_by_price(query))
    )


def _sorts_by_price(query: ProductQuery) -> bool:
    return query.sort in _PRICE_SORTS


class _Text:
    """The words of a query, each with its corrections, as conditions and a rank.

    Each word's tsquery is one argument and the rank one subquery, however many the
    corrections: building a term per correction cost milliseconds of Python per search.
    Without words there is nothing to build (no condition, rank 0).
    """

    def __init__(self, words: list[str], corrections: Corrections) -> None:
        self.words = words
        self._terms: CTE | None = None
        if not words:
            self._queries: list[ColumnElement[Any]] = []
            return
        corrected = {word: [word, *corrections.get(word, ())] for word in words}
        self._queries = [
            func.to_tsquery(_CONFIG, literal(_any_of(corrected[word]), Text()), type_=TSQUERY)
            for word in words
        ]
        fuzzy = sorted({other for word in words for other in corrected[word][1:]})
        terms = (
            func.unnest(
                literal([*words, *fuzzy], ARRAY(Text())),
                literal([1.0] * len(words) + [FUZZY_WEIGHT] * len(fuzzy), ARRAY(Double())),
            )
            .table_valued("term", "weight")
            .render_derived(name="term")
        )
        self._terms = (
            select(
                func.plainto_tsquery(_CONFIG, terms.c.term, type_=TSQUERY).label("query"),
                terms.c.weight,
            )
            .cte("terms")
            .prefix_with("MATERIALIZED")
        )

    def conditions(self, source: FromClause) -> list[ColumnElement[bool]]:
        """Each word, or one of its corrections, is a word of the product."""
        return [source.c.search_vector.bool_op("@@")(query) for query in self._queries]

    def rank(self, source: FromClause) -> ColumnElement[float]:
        """The sum of each word's ``ts_rank`` and FUZZY_WEIGHT times each correction's.

        One ``ts_rank`` per word: that of a query ORing several is divided by their number,
        so a correction added to the vocabulary would change the rank of products that do
        not even contain it, and a relevance walk would lose its place. The terms' tsqueries
        are made once per statement (``terms``), in the order given, so the sum is the same
        double precision value every time.
        """
        if self._terms is None:
            return _NO_RANK
        term_rank: ColumnElement[float] = cast(
            func.ts_rank(source.c.search_vector, self._terms.c.query), Double()
        )
        return select(func.sum(term_rank * self._terms.c.weight)).scalar_subquery()


def _planned(query: ProductQuery, text: _Text) -> Select[Any]:
    """One statement, the plan left to the planner (cheap filters only, or no words)."""
    rank = text.rank(products)
    key, descending = _key(products, query.sort, rank)
    conditions = [
        *_product_conditions(products, query, text),
        *_stock_conditions(query.in_stock),
        *_after(key, products, query, descending),
    ]
    return _joined_page(rank, conditions, key, descending, max(query.limit, 0))


def _joined_page(
    rank: ColumnElement[float],
    conditions: list[ColumnElement[bool]],
    key: ColumnElement[Any],
    descending: bool,
    limit: int,
) -> Select[Any]:
    """Products joined with their stock, filtered, in the sort's order, cut at ``limit``.

    The limit is written into the SQL, not sent as a parameter: PostgreSQL plans a
    parameterized LIMIT as if it kept a tenth of the rows, so that plan never looked as
    cheap as the one made for the actual value, and every execution was planned anew
    (a quarter of PostgreSQL's CPU for a browse page). With the value in the text, after
    a few executions the prepared statement keeps one plan. Page sizes are few (1 to
    MAX_PAGE_SIZE + 1), so the texts are too.
    """
    return (
        select(*_output(products), rank.label("rank"))
        .select_from(products.join(stock_levels, stock_levels.c.product_id == products.c.id))
        .where(*conditions)
        .order_by(*_order(key, products, descending))
        .limit(literal_column(str(int(limit)), Integer()))
    )


def _plain(query: ProductQuery) -> Prepared | None:
    """``_planned``'s statement for a search without words, unless it filters by category
    or metadata (or by a price range that the walks read), and its values; None otherwise.

    The statement depends only on the shape (the sort, which of these filters are given,
    whether a cursor is, the page size), so it is built and compiled at the first search
    of that shape.
    """
    if query.category_ids is not None or query.metadata is not None:
        return None
    priced = query.min_price is not None or query.max_price is not None
    if priced and query.sort not in _PLAIN_PRICED_SORTS:
        return None
    after = query.after
    shape = (
        query.sort,
        query.include_inactive,
        query.in_stock,
        after is not None,
        query.min_price is not None,
        query.max_price is not None,
        query.currency is not None,
        max(query.limit, 0),
    )
    values = {
        "after_key": None if after is None else after.key,
        "after_id": None if after is None else after.product_id,
        "min_price": query.min_price,
        "max_price": query.max_price,
        "currency": query.currency,
    }
    return Prepared(*_plain_compiled(*shape), values)


@lru_cache(maxsize=_PLAIN_STATEMENTS)
def _plain_compiled(*shape: Any) -> tuple[Select[Any], Query]:
    """``_plain_statement`` of the shape, and its compiled form."""
    statement = _plain_statement(*shape)
    return statement, Query.of(statement)


def _plain_statement(
    sort: ProductSort,
    include_inactive: bool,
    in_stock: bool | None,
    after: bool,
    min_price: bool,
    max_price: bool,
    currency: bool,
    limit: int,
) -> Select[Any]:
    """What ``_planned`` builds for a search of this shape, its values named bindparams:
    those given of ``after_key``/``after_id``, ``min_price``, ``max_price``, ``currency``.
    The same SQL, term for term: a test compares them."""
    key, descending = _key(products, sort, _NO_RANK)
    price = products.c.price_cents
    conditions: list[ColumnElement[bool]] = []
    if not include_inactive:
        conditions.append(products.c.active)
    if min_price:
        conditions.append(price >= bindparam("min_price", type_=price.type))
    if max_price:
        conditions.append(price <= bindparam("max_price", type_=price.type))
    if currency:
        conditions.append(products.c.currency == bindparam("currency", type_=Text()))
    conditions += _stock_conditions(in_stock)
    if after:
        mine = tuple_(key, products.c.id)
        theirs = tuple_(bindparam("after_key", type_=key.type), bindparam("after_id", type_=Uuid()))
        conditions.append(mine < theirs if descending else mine > theirs)
    return _joined_page(_NO_RANK, conditions, key, descending, limit)


def _ranked(query: ProductQuery, text: _Text) -> Select[Any]:
    """The page, by rank, of the first RANKED_MATCHES matches the indexes yield.

    Every filter applies before the cut and the cursor after the ranking, so each page
    ranks the same candidates. The cut is outside the materialized CTE, which is read only
    as far as it needs: the planner plans the CTE for all its matches, so it collects them
    through the indexes rather than scanning the table until it has met enough.
    """
    matches = (
        select(products.c.id, products.c.search_vector)
        .select_from(_with_stock_if_filtered(products, query))
        .where(*_product_conditions(products, query, text), *_stock_conditions(query.in_stock))
        .cte("matches")
        .prefix_with("MATERIALIZED")
    )
    candidates = select(matches).limit(RANKED_MATCHES).subquery("candidates")
    ranked = select(candidates.c.id, text.rank(candidates).label("sort_key")).subquery("ranked")
    page = (
        select(ranked.c.id, ranked.c.sort_key)
        .where(*_after(ranked.c.sort_key, ranked, query, True))
        .order_by(*_order(ranked.c.sort_key, ranked, True))
        .limit(max(query.limit, 0))
        .subquery("page")
    )
    return _page_of(page, page.c.sort_key, True)


def _probed(query: ProductQuery, text: _Text, rows: int, *, extent: bool = False) -> Select[Any]:
    """The page among the first ``rows`` products in sort order (after the cursor, within
    the sort key's own range); a full page found there is the page.

    The candidates carry only the columns the filters read, so that no plan sorts rows.
    With ``extent`` each row also carries the planner's count of products
    (``catalog_size``) and the sort keys of the first and the last product walked over
    (``walk_first``, ``walk_end``; the latter NULL if fewer than ``rows`` remain), read from
    the sort index alone.
    """
    key, descending = _key(products, query.sort, None)
    columns = [products.c.id, key, *_filtered_columns(query, text)]
    candidates = (
        select(*dict.fromkeys(columns))
        .where(*_key_range(products, query), *_after(key, products, query, descending))
        .order_by(*_order(key, products, descending))
        .limit(rows)
        .subquery("candidates")
    )
    probe_key = candidates.c[key.name]
    page = (
        select(candidates.c.id, probe_key.label("sort_key"))
        .select_from(_with_stock_if_filtered(candidates, query))
        .where(
            *_product_conditions(candidates, query, text, with_key_range=False),
            *_stock_conditions(query.in_stock),
        )
        .order_by(*_order(probe_key, candidates, descending))
        .limit(max(query.limit, 0))
        .subquery("page")
    )
    statement = _page_of(page, text.rank(products), descending)
    if not extent:
        return statement
    walked = (
        select(key)
        .where(*_key_range(products, query), *_after(key, products, query, descending))
        .order_by(*_order(key, products, descending))
    )
    return statement.add_columns(
        _CATALOG_SIZE,
        walked.limit(1).scalar_subquery().label("walk_first"),
        walked.offset(rows - 1).limit(1).scalar_subquery().label("walk_end"),
    )


def _gathered(query: ProductQuery, text: _Text, *, within: Any = None) -> Select[Any]:
    """Every match collected through the GIN or category indexes, then sorted: fast when
    few match. ``within``: only those up to that sort key (a window of the sort order)."""
    key, descending = _key(products, query.sort, None)
    window = [] if within is None else [key >= within if descending else key <= within]
    matches = (
        select(products.c.id, key.label("sort_key"))
        .where(
            *_product_conditions(products, query, text, opaque_metadata=within is not None),
            *_after(key, products, query, descending),
            *window,
        )
        .cte("matches")
        .prefix_with("MATERIALIZED")
    )
    page = (
        select(matches.c.id, matches.c.sort_key)
        .select_from(_with_stock_if_filtered(matches, query))
        .where(*_stock_conditions(query.in_stock))
        .order_by(*_order(matches.c.sort_key, matches, descending))
        .limit(max(query.limit, 0))
        .subquery("page")
    )
    return _page_of(page, text.rank(products), descending)


def _page_of(page: FromClause, rank: ColumnElement[float], descending: bool) -> Select[Any]:
    """The products and stock of a page of (id, sort_key), in its order, with ``rank``
    (computed only now, on the page's rows, unless the page carries it)."""
    return (
        select(*_output(products), rank.label("rank"))
        .select_from(
            page.join(products, products.c.id == page.c.id).join(
                stock_levels, stock_levels.c.product_id == page.c.id
            )
        )
        .order_by(*_order(page.c.sort_key, page, descending))
    )


def _product_conditions(
    source: FromClause,
    query: ProductQuery,
    text: _Text,
    *,
    with_key_range: bool = True,
    opaque_metadata: bool = False,
) -> list[ColumnElement[bool]]:
    """Every condition on the product's own columns; ``with_key_range=False`` leaves out
    those on the sort key (``_key_range``), which the caller has applied already.

    With ``opaque_metadata`` the contained metadata comes from a subquery, so the planner
    takes its default share of matches (1 %) instead of reading one from statistics of
    whole documents, which for a key and value is a guess (0.01 % for a pair that 0.26 %
    of a million products have): a guess that low keeps a window's range out of the plan.
    """
    conditions: list[ColumnElement[bool]] = []
    if not query.include_inactive:
        conditions.append(source.c.active)
    if query.category_ids is not None:
        ids = literal(sorted(query.category_ids), ARRAY(Uuid()))
        conditions.append(source.c.category_id == any_(ids))
    if with_key_range or not _sorts_by_price(query):
        conditions += _price_range(source, query)
    if query.currency is not None:
        conditions.append(source.c.currency == query.currency)
    conditions += text.conditions(source)
    if query.metadata is not None:
        contained: Any = literal(query.metadata.value, JSONB())
        if opaque_metadata:
            contained = select(contained).scalar_subquery()
        conditions.append(source.c.metadata.contains(contained))
    return conditions


def _filtered_columns(query: ProductQuery, text: _Text) -> list[ColumnElement[Any]]:
    """The product columns ``_product_conditions`` reads for this query."""
    wanted = [
        ("active", not query.include_inactive),
        ("category_id", query.category_ids is not None),
        ("price_cents", query.min_price is not None or query.max_price is not None),
        ("currency", query.currency is not None),
        ("search_vector", bool(text.words)),
        ("metadata", query.metadata is not None),
    ]
    return [products.c[name] for name, needed in wanted if needed]


def _key_range(source: FromClause, query: ProductQuery) -> list[ColumnElement[bool]]:
    """The conditions on the sort key itself: a range of the sort index, not a filter."""
    return _price_range(source, query) if _sorts_by_price(query) else []


def _price_range(source: FromClause, query: ProductQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.min_price is not None:
        conditions.append(source.c.price_cents >= query.min_price)
    if query.max_price is not None:
        conditions.append(source.c.price_cents <= query.max_price)
    return conditions


def _any_of(words: Sequence[str]) -> str:
    """``to_tsquery`` input matching a text that has any of the words: each quoted (so no
    character of it is an operator) and normalized by the configuration like a text's."""
    quoted = ("'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in words)
    return " | ".join(quoted)


def _with_stock_if_filtered(source: FromClause, query: ProductQuery) -> FromClause:
    if query.in_stock is None:
        return source
    return source.join(stock_levels, stock_levels.c.product_id == source.c.id)


def _output(source: FromClause) -> list[ColumnElement[Any]]:
    return [
        *(
            cast(source.c[name], Text).label(name) if name in _TEXT_COLUMNS else source.c[name]
            for name in _HIT_COLUMNS
        ),
        *(stock_levels.c[name].label(f"stock_{name}") for name in _STOCK_COLUMNS),
    ]


def _stock_conditions(in_stock: bool | None) -> list[ColumnElement[bool]]:
    if in_stock is None:
        return []
    left = stock_levels.c.available
    return [left > 0 if in_stock else left == 0]


def _after(
    key: ColumnElement[Any], source: FromClause, query: ProductQuery, descending: bool
) -> list[ColumnElement[bool]]:
    """Only what lies strictly beyond the previous page's last hit, in the sort's order."""
    if query.after is None:
        return []
    mine = tuple_(key, source.c.id)
    theirs = tuple_(literal(query.after.key, key.type), literal(query.after.product_id, Uuid()))
    return [mine < theirs if descending else mine > theirs]


def _order(
    key: ColumnElement[Any], source: FromClause, descending: bool
) -> list[ColumnElement[Any]]:
    if descending:
        return [key.desc(), source.c.id.desc()]
    return [key.asc(), source.c.id.asc()]


def _key(
    source: FromClause, sort: ProductSort, rank: ColumnElement[float] | None
) -> tuple[ColumnElement[Any], bool]:
    if sort is ProductSort.RELEVANCE:
        if rank is None:
            raise ValueError("relevance needs the rank")
        return rank, True
    return source.c[_SORT_COLUMNS[sort]], sort in _DESCENDING


def _view(row: Any) -> ProductView:
    """A hit's view, straight from its row: the values were checked when they
    were written, and a page of a hundred is read far more often than anything changes.

    Read by position, and the stock view built here rather than through
    ``StockView.counts``: reads by name and the extra call were a fifth of the Python
    that turns a page's rows into hits. The contract suite compares each hit with
    ``ProductView.of`` of the stored product and stock, field by field.
    """
    (
        product_id,
        sku,
        name,
        description,
        price_cents,
        currency,
        category_id,
        metadata_text,
        active,
        created_text,
        updated_text,
        version,
        on_hand,
        reserved,
        low_stock_threshold,
    ) = row[:_VIEWED]
    left = available(on_hand, reserved)
    # Positional arguments, in the views' field order: keyword arguments made these calls
    # twice as slow, and they run for every row of every page.
    stock = StockView(
        on_hand, reserved, left, low_stock_threshold, is_low(left, low_stock_threshold)
    )
    return ProductView(
        product_id,
        sku,
        name,
        description,
        price_cents,
        currency,
        category_id,
        orjson.loads(metadata_text),
        active,
        stock,
        version,
        datetime.fromisoformat(created_text),
        datetime.fromisoformat(updated_text),
    )
