"""Loading a large catalog at once (seeding, imports), beside the row-at-a-time repositories."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Self

from domain.catalog.category import Category
from domain.catalog.product import Product
from domain.catalog.stock import StockLevel, StockMovement


@dataclass(frozen=True, slots=True, kw_only=True)
class StockedProduct:
    """A new product with its stock level and the ledger movements that led to that level.

    The movements are the product's whole ledger, sequences 1 to ``stock.last_sequence``.
    """

    product: Product
    stock: StockLevel
    movements: tuple[StockMovement, ...] = ()


class CatalogBulkLoader(abc.ABC):
    """Stores many new categories and products in one transaction, far faster than the
    repositories' one-row writes; for seeding and imports, not for serving requests.

    It checks what the repositories' stores check (unique ids, slugs and SKUs, existing
    parents and categories), not the domain's rules: callers hand it aggregates made through
    the domain (``Category.create``, ``Product.create``, ``StockLevel.open`` and ``adjust``),
    and it stores them as they are, versions and times included, events dropped.

    - ``async with loader:`` begins the transaction; ``await loader.commit()`` makes all that
      was loaded durable and then brings the statistics searches are planned with up to date
      (PostgreSQL: VACUUM ANALYZE), which may take a while after millions of rows; leaving
      the block without commit (or by an exception) discards everything it loaded.
    - ``count_categories`` and ``count_products`` count what is stored, loads of this
      transaction included; ``newest_product_created_at`` is the latest ``created_at`` of a
      stored product, loads of this transaction included, or None when there is none.
    - ``load`` stores the categories, then the products with their stock levels and
      movements. A category comes in an earlier call than its children or in the same call
      after its parent; a product's category in an earlier call or the same one. It raises
      CategorySlugTakenError or SkuTakenError when a slug or SKU is already stored or
      repeats within the load, ConflictError for a repeated id, UnknownCategoryError when a
      parent or a product's category is missing (field ``parent_id`` or ``category_id``).
      After an error nothing of the transaction is kept and the loader must be left.
    """

    @abc.abstractmethod
    async def __aenter__(self) -> Self: ...

    @abc.abstractmethod
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    @abc.abstractmethod
    async def count_categories(self) -> int: ...

    @abc.abstractmethod
    async def count_products(self) -> int: ...

    @abc.abstractmethod
    async def newest_product_created_at(self) -> datetime | None: ...

    @abc.abstractmethod
    async def load(
        self, categories: Sequence[Category], products: Sequence[StockedProduct]
    ) -> None: ...

    @abc.abstractmethod
    async def commit(self) -> None: ...
