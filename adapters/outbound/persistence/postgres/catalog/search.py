"""Product search in PostgreSQL: filters, full text with typo tolerance, and keyset pages.

Text. The query is cut into words as the in-memory adapter cuts it (runs of letters and
digits, lower-cased, at most ``MAX_QUERY_WORDS``; a text without any word filters nothing).
Every word must match: as a whole word of the SKU, name or description through the generated
``search_vector`` (GIN), or as a near miss of a word of the name through pg_trgm's strict
word similarity (``name %>> word``, GIN trigram index) at ``TRIGRAM_THRESHOLD``, pg_trgm's
own default for ``%`` and the in-memory adapter's. Near misses in descriptions and SKUs are
not looked for: that would need trigram indexes over far more text.

Relevance is ``ts_rank`` over the words OR'ed (SKU and name weigh 1.0, the description 0.4)
plus the strict word similarity of the words to the name, in double precision, so a hit's
rank is exactly the value its cursor carries back.

Order and paging. Each sort is a key and the product id, compared as a row
(``(key, id) > (:key, :id)``), which a btree on (key, id) serves as an index range, forwards
or backwards: ``ix_products_created_at_id``, ``ix_products_price_cents_id`` and
``ix_products_name_key_id``. Relevance is computed, so it sorts the matches. Stock is joined
through its primary key, so ``in_stock`` reads ``stock_levels.available``.

``search_statement`` builds exactly the statement ``search`` runs, for tests that EXPLAIN it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Double,
    Select,
    Uuid,
    any_,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, REGCONFIG, TSQUERY

from adapters.outbound.persistence.postgres.catalog.mappers import product_from_row
from adapters.outbound.persistence.postgres.catalog.tables import (
    SEARCH_CONFIG,
    products,
    stock_levels,
)
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.catalog.ports import ProductHit, ProductQuery, ProductSearch, ProductSort
from domain.catalog.stock import StockLevel
from domain.catalog.values import ProductId

MAX_QUERY_WORDS = 20
TRIGRAM_THRESHOLD = 0.3
_WORD = re.compile(r"[^\W_]+")
_CONFIG = literal_column(f"'{SEARCH_CONFIG}'::regconfig", REGCONFIG)
_DESCENDING = frozenset({ProductSort.NEWEST, ProductSort.PRICE_DESC, ProductSort.RELEVANCE})

_PRODUCT_COLUMNS = [column for column in products.c if column.name != "search_vector"]
_STOCK_COLUMNS = [
    stock_levels.c[name].label(f"stock_{name}")
    for name in (
        "on_hand",
        "reserved",
        "low_stock_threshold",
        "last_sequence",
        "updated_at",
        "version",
    )
]


class PostgresProductSearch(ProductSearch):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def search(self, query: ProductQuery) -> list[ProductHit]:
        if query_words(query.text):
            # The trigram operator reads its threshold from a setting; SET LOCAL scope, so
            # it ends with the transaction and never leaks to the pool's next user.
            await self._tx.execute(similarity_threshold_statement())
        result = await self._tx.execute(search_statement(query))
        return [
            ProductHit(product=product_from_row(row), stock=_stock(row), rank=row.rank)
            for row in result
        ]


def query_words(text: str | None) -> list[str]:
    """The distinct words of a search text, lower-cased, at most MAX_QUERY_WORDS."""
    if not text:
        return []
    return list(dict.fromkeys(_WORD.findall(text.lower())))[:MAX_QUERY_WORDS]


def similarity_threshold_statement() -> Select[Any]:
    """Sets, for the rest of the transaction, the threshold ``%>>`` matches at."""
    return select(
        func.set_config("pg_trgm.strict_word_similarity_threshold", str(TRIGRAM_THRESHOLD), True)
    )


def search_statement(query: ProductQuery) -> Select[Any]:
    """The SELECT of the hits of ``query``: products joined with their stock, plus ``rank``."""
    words = query_words(query.text)
    rank = _rank(words)
    key, descending = _sort_key(query.sort, rank)
    conditions = _conditions(query, words)
    if query.after is not None:
        mine = tuple_(key, products.c.id)
        theirs = tuple_(literal(query.after.key, key.type), literal(query.after.product_id, Uuid()))
        conditions.append(mine < theirs if descending else mine > theirs)
    order = [key.desc(), products.c.id.desc()] if descending else [key.asc(), products.c.id.asc()]
    return (
        select(*_PRODUCT_COLUMNS, *_STOCK_COLUMNS, rank.label("rank"))
        .select_from(products.join(stock_levels, stock_levels.c.product_id == products.c.id))
        .where(*conditions)
        .order_by(*order)
        .limit(max(query.limit, 0))
    )


def _conditions(query: ProductQuery, words: list[str]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        or_(
            products.c.search_vector.bool_op("@@")(_tsquery(word)),
            products.c.name.bool_op("%>>")(word),
        )
        for word in words
    ]
    if not query.include_inactive:
        conditions.append(products.c.active)
    if query.category_ids is not None:
        ids = literal(sorted(query.category_ids), ARRAY(Uuid()))
        conditions.append(products.c.category_id == any_(ids))
    if query.min_price is not None:
        conditions.append(products.c.price_cents >= query.min_price)
    if query.max_price is not None:
        conditions.append(products.c.price_cents <= query.max_price)
    if query.currency is not None:
        conditions.append(products.c.currency == query.currency)
    if query.in_stock is not None:
        available = stock_levels.c.available
        conditions.append(available > 0 if query.in_stock else available == 0)
    if query.metadata is not None:
        conditions.append(products.c.metadata.contains(query.metadata.value))
    return conditions


def _tsquery(text: str) -> ColumnElement[Any]:
    return func.plainto_tsquery(_CONFIG, text, type_=TSQUERY)


def _rank(words: list[str]) -> ColumnElement[float]:
    if not words:
        return literal_column("0::double precision", Double())
    any_word = _tsquery(words[0])
    for word in words[1:]:
        any_word = any_word.op("||", return_type=TSQUERY)(_tsquery(word))
    text_rank = func.ts_rank(products.c.search_vector, any_word)
    name_similarity = func.strict_word_similarity(" ".join(words), products.c.name)
    return cast(text_rank, Double()) + cast(name_similarity, Double())


def _sort_key(sort: ProductSort, rank: ColumnElement[float]) -> tuple[ColumnElement[Any], bool]:
    match sort:
        case ProductSort.NEWEST:
            key: ColumnElement[Any] = products.c.created_at
        case ProductSort.PRICE | ProductSort.PRICE_DESC:
            key = products.c.price_cents
        case ProductSort.NAME:
            key = products.c.name_key
        case ProductSort.RELEVANCE:
            key = rank
    return key, sort in _DESCENDING


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
