"""Anyone searches and filters the products on offer; admins may include inactive ones."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from application.catalog.cursors import KeysetCursor
from application.catalog.lookups import sees_inactive
from application.catalog.ports import (
    CatalogUnitOfWork,
    ProductPosition,
    ProductQuery,
    ProductSort,
)
from application.catalog.views import ProductView
from application.shared.actor import Actor
from application.shared.choices import parse_choice
from application.shared.errors import AuthenticationError, PermissionDeniedError
from application.shared.pagination import DEFAULT_PAGE_SIZE, Page, check_limit
from domain.catalog.errors import UnknownCategoryError
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import MAX_PRICE
from domain.catalog.values import CategoryId, ProductId
from domain.shared.errors import InvalidValueError

MAX_QUERY_LENGTH = 200
_CURRENCY = re.compile(r"[A-Z]{3}")
# The type of each ordering's sort key, as the cursor carries it.
_KEY_KINDS: dict[ProductSort, type] = {
    ProductSort.NEWEST: datetime,
    ProductSort.PRICE: int,
    ProductSort.PRICE_DESC: int,
    ProductSort.NAME: str,
    ProductSort.RELEVANCE: float,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchProducts:
    """Every given criterion must hold. Prices are minor units, bounds inclusive;
    ``category_id`` includes its subcategories; ``metadata`` must be contained in the
    product's (JSON containment); ``sort`` is relevance, price, -price, name or newest
    (the default; relevance needs ``q``, and without it means newest)."""

    actor: Actor | None = None  # None: an anonymous caller
    q: str | None = None
    category_id: UUID | None = None
    min_price: int | None = None
    max_price: int | None = None
    currency: str | None = None
    in_stock: bool | None = None
    metadata: dict[str, Any] | None = None
    include_inactive: bool = False
    sort: str | None = None
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None


class SearchProductsHandler:
    """A page of matching products with their stock; the cursor continues the same order.

    Raises:
        PermissionDeniedError: a non-admin asked for inactive products.
        InvalidValueError: a bad criterion, sort, limit or cursor (a cursor only continues
            the sort it was issued for); InvalidMetadataError for bad metadata.
        UnknownCategoryError: ``category_id`` names no category.
    """

    def __init__(self, *, uow: CatalogUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: SearchProducts) -> Page[ProductView]:
        if query.include_inactive and query.actor is None:
            raise AuthenticationError("sign in as an admin to list inactive products")
        if query.include_inactive and not sees_inactive(query.actor):
            raise PermissionDeniedError("only admins may list inactive products")
        limit = check_limit(query.limit)
        criteria = _criteria(query, limit=limit + 1)
        async with self._uow:
            subtree = await self._subtree(query.category_id)
            if subtree is not None:  # replace() copies every field: only when needed
                criteria = replace(criteria, category_ids=subtree)
            hits = await self._uow.search.search(criteria)
        if len(hits) <= limit:
            return Page(hits.views, None)
        last = hits.position(limit - 1, criteria.sort)
        return Page(hits.views[:limit], _cursor(last, criteria.sort))

    async def _subtree(self, category_id: UUID | None) -> frozenset[CategoryId] | None:
        if category_id is None:
            return None
        subtree = await self._uow.categories.subtree(CategoryId(category_id))
        if not subtree:
            raise UnknownCategoryError(category_id)
        return frozenset(category.id for category in subtree)


def _criteria(query: SearchProducts, *, limit: int) -> ProductQuery:
    """The query's criteria, checked, except the category (its subtree needs a lookup)."""
    min_price = _price_bound(query.min_price, "min_price")
    max_price = _price_bound(query.max_price, "max_price")
    if min_price is not None and max_price is not None and min_price > max_price:
        raise InvalidValueError("max_price", "must not be below min_price")
    text = _text(query.q)
    sort = parse_choice(ProductSort, query.sort, "sort") or ProductSort.NEWEST
    if sort is ProductSort.RELEVANCE and text is None:
        sort = ProductSort.NEWEST
    return ProductQuery(
        text=text,
        min_price=min_price,
        max_price=max_price,
        currency=_currency(query.currency),
        in_stock=query.in_stock,
        metadata=None if query.metadata is None else ProductMetadata.parse(query.metadata),
        include_inactive=query.include_inactive,
        sort=sort,
        after=_position(query.cursor, sort),
        limit=limit,
    )


def _text(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    if len(raw) > MAX_QUERY_LENGTH:
        raise InvalidValueError("q", f"must be at most {MAX_QUERY_LENGTH} characters")
    return " ".join(raw.split())


def _price_bound(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PRICE:
        raise InvalidValueError(field, f"must be a whole number from 0 to {MAX_PRICE}")
    return value


def _currency(raw: str | None) -> str | None:
    if raw is None:
        return None
    currency = raw.strip().upper()
    if not _CURRENCY.fullmatch(currency):
        raise InvalidValueError("currency", "must be a three-letter ISO 4217 code")
    return currency


def _position(cursor: str | None, sort: ProductSort) -> ProductPosition | None:
    if cursor is None:
        return None
    decoded = KeysetCursor.decode(cursor, ordering=sort.value, kinds=(_KEY_KINDS[sort], UUID))
    key = decoded.values[0]
    if isinstance(key, UUID):  # decode checked the sort's kind, which is never a UUID
        raise InvalidValueError("cursor", "is not a cursor this API issued")
    return ProductPosition(key=key, product_id=ProductId(decoded.value(1, UUID)))


def _cursor(last: ProductPosition, sort: ProductSort) -> str:
    return KeysetCursor(sort.value, (last.key, last.product_id)).encode()
