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

Order and paging. Each sort is a key and the product id, compared as a row
(``(key, id) > (:key, :id)``), which a btree on (key, id) serves as an index range, forwards
or backwards: ``ix_products_created_at_id``, ``ix_products_price_cents_id``,
``ix_products_name_key_id``. Relevance is computed, so its matches are sorted. Stock is
joined through its primary key, so ``in_stock`` reads ``stock_levels.available``.

Plans. Without text or metadata the planner's choice is sound: its statistics describe
prices, categories and stock well. With them it is not: it takes words and metadata keys
to be independent of each other and of the other filters, and when it walks a sort index
expecting a match every few rows while there is none, a page reads the whole table
(seconds at a million products). So under the index-backed sorts such a search runs as at
most two statements: a *probe* that walks the sort index through at most PROBE_ROWS
candidates and stops at the page's last hit, which is enough when matches are common; and,
only if it falls short, a *gather* that collects every match through the GIN indexes (in a
materialized CTE, so that the planner cannot turn it back into a walk) and sorts them,
which is cheap because matches are then rare. Both find the same hits.

``corrections_statement`` and ``search_statements`` build exactly the statements ``search``
runs, for tests that EXPLAIN them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Double,
    FromClause,
    Select,
    Text,
    Uuid,
    any_,
    cast,
    func,
    literal,
    literal_column,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, REGCONFIG, TSQUERY

from adapters.outbound.persistence.postgres.catalog.mappers import product_from_row
from adapters.outbound.persistence.postgres.catalog.tables import (
    SEARCH_CONFIG,
    product_name_words,
    products,
    stock_levels,
)
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.catalog.ports import ProductHit, ProductQuery, ProductSearch, ProductSort
from domain.catalog.stock import StockLevel
from domain.catalog.values import ProductId

MAX_QUERY_WORDS = 20
TRIGRAM_THRESHOLD = 0.3
MAX_CORRECTIONS = 16
FUZZY_WEIGHT = 0.5
# A probe reads at most this many candidates, in sort order, so mostly from neighbouring
# heap pages (about 5 ms at a million products); it answers whenever matches are at least
# 0.4 % of them, and below that the gather has few matches to fetch.
PROBE_ROWS = 5000

Corrections = Mapping[str, Sequence[str]]

_WORD = re.compile(r"[^\W_]+")
_CONFIG = literal_column(f"'{SEARCH_CONFIG}'::regconfig", REGCONFIG)
_DESCENDING = frozenset({ProductSort.NEWEST, ProductSort.PRICE_DESC, ProductSort.RELEVANCE})
_SORT_COLUMNS = {
    ProductSort.NEWEST: "created_at",
    ProductSort.PRICE: "price_cents",
    ProductSort.PRICE_DESC: "price_cents",
    ProductSort.NAME: "name_key",
}
_PRODUCT_COLUMNS = [column.name for column in products.c if column.name != "search_vector"]
_STOCK_COLUMNS = [
    "on_hand",
    "reserved",
    "low_stock_threshold",
    "last_sequence",
    "updated_at",
    "version",
]


class PostgresProductSearch(ProductSearch):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def search(self, query: ProductQuery) -> list[ProductHit]:
        words = query_words(query.text)
        corrections: dict[str, list[str]] = {}
        if words:
            for row in await self._tx.execute(corrections_statement(words)):
                corrections.setdefault(row.asked, []).append(row.corrected)
        rows: list[Any] = []
        for statement in search_statements(query, corrections):
            rows = list(await self._tx.execute(statement))
            if len(rows) >= query.limit:
                break
        return [
            ProductHit(product=product_from_row(row), stock=_stock(row), rank=row.rank)
            for row in rows
        ]


def query_words(text: str | None) -> list[str]:
    """The distinct words of a search text, lower-cased, at most MAX_QUERY_WORDS."""
    if not text:
        return []
    return list(dict.fromkeys(_WORD.findall(text.lower())))[:MAX_QUERY_WORDS]


def corrections_statement(words: Sequence[str]) -> Select[Any]:
    """(asked, corrected) pairs: for each word, the other words of product names within
    TRIGRAM_THRESHOLD similarity, at most MAX_CORRECTIONS, the nearest first.

    ``%`` finds candidates through the trigram index at pg_trgm's configured threshold
    (0.3 unless the server says otherwise); the explicit comparison holds ours.
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


def search_statements(query: ProductQuery, corrections: Corrections) -> list[Select[Any]]:
    """The statements ``search`` runs in turn, until one returns a full page (or the last),
    given the corrections ``corrections_statement`` found for the query's words.

    Each selects the product columns, the stock columns prefixed ``stock_``, and ``rank``.
    """
    text = _Text(query_words(query.text), corrections)
    if query.sort is ProductSort.RELEVANCE or not (text.words or query.metadata is not None):
        return [_planned(query, text)]
    if query.limit >= PROBE_ROWS:
        return [_gathered(query, text)]
    return [_probed(query, text), _gathered(query, text)]


class _Text:
    """The words of a query, each with its corrections, as conditions and a rank."""

    def __init__(self, words: list[str], corrections: Corrections) -> None:
        self.words = words
        self._corrections = {word: list(corrections.get(word, ())) for word in words}

    def conditions(self, source: FromClause) -> list[ColumnElement[bool]]:
        """Each word, or one of its corrections, is a word of the product."""
        return [
            source.c.search_vector.bool_op("@@")(_any_of([word, *self._corrections[word]]))
            for word in self.words
        ]

    def rank(self, source: FromClause) -> ColumnElement[float]:
        """The sum of each word's ``ts_rank`` and FUZZY_WEIGHT times each correction's.

        One ``ts_rank`` per word: that of a query ORing several is divided by their number,
        so a correction added to the vocabulary would change the rank of products that do
        not even contain it, and a relevance walk would lose its place.
        """
        if not self.words:
            return literal_column("0::double precision", Double())
        fuzzy = sorted({corrected for word in self.words for corrected in self._corrections[word]})
        terms = [_word_rank(source, word) for word in self.words]
        terms += [_word_rank(source, corrected) * FUZZY_WEIGHT for corrected in fuzzy]
        rank = terms[0]
        for term in terms[1:]:
            rank = rank + term
        return rank


def _word_rank(source: FromClause, word: str) -> ColumnElement[float]:
    return cast(func.ts_rank(source.c.search_vector, _any_of([word])), Double())


def _planned(query: ProductQuery, text: _Text) -> Select[Any]:
    """One statement, the plan left to the planner (relevance must rank every match anyway)."""
    rank = text.rank(products)
    key, descending = _key(products, query.sort, rank)
    conditions = [
        *_cheap_conditions(products, query),
        *_selective_conditions(products, query, text),
        *_stock_conditions(query),
        *_after(key, products, query, descending),
    ]
    return (
        select(*_output(products), rank.label("rank"))
        .select_from(products.join(stock_levels, stock_levels.c.product_id == products.c.id))
        .where(*conditions)
        .order_by(*_order(key, products, descending))
        .limit(max(query.limit, 0))
    )


def _probed(query: ProductQuery, text: _Text) -> Select[Any]:
    """The page among the first PROBE_ROWS products in sort order that pass the cheap
    filters; a full page found there is the page."""
    key, descending = _key(products, query.sort, None)
    candidates = (
        select(products)
        .where(*_cheap_conditions(products, query), *_after(key, products, query, descending))
        .order_by(*_order(key, products, descending))
        .limit(PROBE_ROWS)
        .subquery("candidates")
    )
    probe_key, _ = _key(candidates, query.sort, None)
    page = (
        select(candidates.c.id, probe_key.label("sort_key"))
        .select_from(_with_stock_if_filtered(candidates, query))
        .where(*_selective_conditions(candidates, query, text), *_stock_conditions(query))
        .order_by(*_order(probe_key, candidates, descending))
        .limit(max(query.limit, 0))
        .subquery("page")
    )
    return _page_of(page, text, descending)


def _gathered(query: ProductQuery, text: _Text) -> Select[Any]:
    """Every match collected through the GIN indexes, then sorted: fast when few match."""
    key, descending = _key(products, query.sort, None)
    matches = (
        select(products.c.id, key.label("sort_key"))
        .where(
            *_cheap_conditions(products, query),
            *_selective_conditions(products, query, text),
            *_after(key, products, query, descending),
        )
        .cte("matches")
        .prefix_with("MATERIALIZED")
    )
    page = (
        select(matches.c.id, matches.c.sort_key)
        .select_from(_with_stock_if_filtered(matches, query))
        .where(*_stock_conditions(query))
        .order_by(*_order(matches.c.sort_key, matches, descending))
        .limit(max(query.limit, 0))
        .subquery("page")
    )
    return _page_of(page, text, descending)


def _page_of(page: FromClause, text: _Text, descending: bool) -> Select[Any]:
    """The products and stock of a page of (id, sort_key), in its order; ranked only now."""
    return (
        select(*_output(products), text.rank(products).label("rank"))
        .select_from(
            page.join(products, products.c.id == page.c.id).join(
                stock_levels, stock_levels.c.product_id == page.c.id
            )
        )
        .order_by(*_order(page.c.sort_key, page, descending))
    )


def _selective_conditions(
    source: FromClause, query: ProductQuery, text: _Text
) -> list[ColumnElement[bool]]:
    """Conditions the GIN indexes serve: the words, and metadata containment."""
    conditions = text.conditions(source)
    if query.metadata is not None:
        conditions.append(source.c.metadata.contains(query.metadata.value))
    return conditions


def _any_of(words: Sequence[str]) -> ColumnElement[Any]:
    """A tsquery matching a text that has any of the words."""
    queries = [func.plainto_tsquery(_CONFIG, word, type_=TSQUERY) for word in words]
    any_word: ColumnElement[Any] = queries[0]
    for query in queries[1:]:
        any_word = any_word.op("||", return_type=TSQUERY)(query)
    return any_word


def _with_stock_if_filtered(source: FromClause, query: ProductQuery) -> FromClause:
    if query.in_stock is None:
        return source
    return source.join(stock_levels, stock_levels.c.product_id == source.c.id)


def _output(source: FromClause) -> list[ColumnElement[Any]]:
    return [
        *(source.c[name] for name in _PRODUCT_COLUMNS),
        *(stock_levels.c[name].label(f"stock_{name}") for name in _STOCK_COLUMNS),
    ]


def _cheap_conditions(source: FromClause, query: ProductQuery) -> list[ColumnElement[bool]]:
    """Conditions btree indexes or plain comparisons serve."""
    conditions: list[ColumnElement[bool]] = []
    if not query.include_inactive:
        conditions.append(source.c.active)
    if query.category_ids is not None:
        ids = literal(sorted(query.category_ids), ARRAY(Uuid()))
        conditions.append(source.c.category_id == any_(ids))
    if query.min_price is not None:
        conditions.append(source.c.price_cents >= query.min_price)
    if query.max_price is not None:
        conditions.append(source.c.price_cents <= query.max_price)
    if query.currency is not None:
        conditions.append(source.c.currency == query.currency)
    return conditions


def _stock_conditions(query: ProductQuery) -> list[ColumnElement[bool]]:
    if query.in_stock is None:
        return []
    available = stock_levels.c.available
    return [available > 0 if query.in_stock else available == 0]


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


def _stock(row: Any) -> StockLevel:
    return StockLevel.restore(
        product_id=ProductId(row.id),
        on_hand=row.stock_on_hand,
        reserved=row.stock_reserved,
        low_stock_threshold=row.stock_low_stock_threshold,
        last_sequence=row.stock_last_sequence,
        updated_at=row.stock_updated_at,
        version=row.stock_version,
    )
