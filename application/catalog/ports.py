"""Ports of the catalog context. Each docstring is the contract its adapters honour.

Locking, as every adapter implements it (the in-memory store gets it for free by running
one transaction at a time; PostgreSQL by row locks taken in the documented order):

- Structural changes of the category tree (create, move, delete) first call
  ``categories.lock_tree``, so no two of them decide on the same old tree.
- Stock changes lock the stock rows of the products involved with
  ``stock.get_for_update``, always in ascending product id order, so two transactions
  that touch overlapping products queue up instead of deadlocking.
- Steps of an existing reservation lock the reservation first
  (``reservations.get_for_update``), then its stock rows; placing a reservation locks the
  stock rows, then reads the reservation. So a transaction never waits for a reservation
  while holding stock rows another one needs to create it.
"""

from __future__ import annotations

import abc
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import TracebackType
from typing import Self

from application.catalog.views import ProductView
from domain.catalog.category import Category
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import Product
from domain.catalog.reservation import Reservation
from domain.catalog.stock import StockLevel, StockMovement
from domain.catalog.values import CategoryId, OrderId, ProductId, Sku, Slug, name_sort_key


class CategoryRepository(abc.ABC):
    """Categories, unique by id and by slug; sibling order is (position, slug).

    - ``add`` raises CategorySlugTakenError when another category has the slug, and
      UnknownCategoryError (field ``parent_id``) when the parent does not exist.
    - ``get`` and ``get_by_slug`` return None when no category matches.
    - ``save`` writes a loaded category back, increments its ``version``, and raises
      ConcurrentUpdateError if the stored version is no longer the one loaded;
      CategorySlugTakenError and UnknownCategoryError as ``add``.
    - ``delete`` removes a category; it raises CategoryHasChildrenError while categories
      have it as parent and CategoryHasProductsError while any product (active or not)
      belongs to it (PostgreSQL: restricting foreign keys). Deleting an unknown id does
      nothing.
    - ``list_all`` returns every category, parents before their children, siblings in
      sibling order; the tree is bounded (MAX_CATEGORIES), so this is bounded too.
    - ``subtree`` returns the category and all its descendants, parents before children,
      siblings in sibling order; empty for an unknown id.
    - ``path`` returns the category's ancestors from the root down to the category
      itself; empty for an unknown id.
    - ``has_children`` tells whether any category has this one as parent; ``count``
      counts all categories.
    - ``lock_tree`` holds the tree's structure against concurrent create, move and delete
      until the unit of work ends (PostgreSQL: a transaction-level advisory lock). Reads
      need no lock.
    - Returned categories are copies: changing one changes nothing stored until ``save``.
    """

    @abc.abstractmethod
    async def add(self, category: Category) -> None: ...

    @abc.abstractmethod
    async def get(self, category_id: CategoryId) -> Category | None: ...

    @abc.abstractmethod
    async def get_by_slug(self, slug: Slug) -> Category | None: ...

    @abc.abstractmethod
    async def save(self, category: Category) -> None: ...

    @abc.abstractmethod
    async def delete(self, category_id: CategoryId) -> None: ...

    @abc.abstractmethod
    async def list_all(self) -> list[Category]: ...

    @abc.abstractmethod
    async def subtree(self, category_id: CategoryId) -> list[Category]: ...

    @abc.abstractmethod
    async def path(self, category_id: CategoryId) -> list[Category]: ...

    @abc.abstractmethod
    async def has_children(self, category_id: CategoryId) -> bool: ...

    @abc.abstractmethod
    async def count(self) -> int: ...

    @abc.abstractmethod
    async def lock_tree(self) -> None: ...


class ProductRepository(abc.ABC):
    """Products, unique by id and by SKU (active or not).

    - ``add`` raises SkuTakenError when another product has the SKU, and
      UnknownCategoryError when its category does not exist.
    - ``get`` and ``get_by_sku`` return None when no product matches, whatever its
      ``active`` flag (visibility is the use cases' business).
    - ``get_for_update`` is ``get`` that also holds the product against concurrent change
      until the unit of work ends (PostgreSQL: ``SELECT … FOR UPDATE``), so a version
      compared after it stays the stored version until the unit of work ends.
    - ``save`` writes a loaded product back, increments its ``version``, and raises
      ConcurrentUpdateError if the stored version is no longer the one loaded;
      SkuTakenError and UnknownCategoryError as ``add``.
    - ``delete`` removes the product together with its stock level; it raises
      ProductHasStockHistoryError while stock movements or reservations refer to the
      product (PostgreSQL: restricting foreign keys). Deleting an unknown id does nothing.
    - ``exists_in_category`` tells whether any product, active or not, is in the category.
    - Returned products are copies without pending events.
    """

    @abc.abstractmethod
    async def add(self, product: Product) -> None: ...

    @abc.abstractmethod
    async def get(self, product_id: ProductId) -> Product | None: ...

    @abc.abstractmethod
    async def get_for_update(self, product_id: ProductId) -> Product | None: ...

    @abc.abstractmethod
    async def get_by_sku(self, sku: Sku) -> Product | None: ...

    @abc.abstractmethod
    async def save(self, product: Product) -> None: ...

    @abc.abstractmethod
    async def delete(self, product_id: ProductId) -> None: ...

    @abc.abstractmethod
    async def exists_in_category(self, category_id: CategoryId) -> bool: ...


class StockLevelRepository(abc.ABC):
    """The stock level of each product; exactly one per product, added with the product.

    - ``add`` raises ProductNotFoundError for an unknown product and ConflictError when
      the product already has a stock level.
    - ``get`` returns None for a product without a stock level; it takes no lock.
    - ``get_for_update`` returns the levels of the given products that exist, keyed by
      product id, and holds them against concurrent change until the unit of work ends.
      PostgreSQL locks them in ascending product id order
      (``… WHERE product_id = ANY(:ids) ORDER BY product_id FOR UPDATE``), so concurrent
      callers with overlapping products queue instead of deadlocking. Every stock change
      reads its levels through this method.
    - ``save`` writes a level back, increments its ``version``, and raises
      ConcurrentUpdateError if the stored version is no longer the one loaded.
      ``save_many`` does the same for several levels at once (one statement in
      PostgreSQL); when any of them changed, none is written.
    - Returned levels are copies without pending events.
    """

    @abc.abstractmethod
    async def add(self, level: StockLevel) -> None: ...

    @abc.abstractmethod
    async def get(self, product_id: ProductId) -> StockLevel | None: ...

    @abc.abstractmethod
    async def get_for_update(
        self, product_ids: Collection[ProductId]
    ) -> dict[ProductId, StockLevel]: ...

    @abc.abstractmethod
    async def save(self, level: StockLevel) -> None: ...

    @abc.abstractmethod
    async def save_many(self, levels: Collection[StockLevel]) -> None: ...


class StockMovementLedger(abc.ABC):
    """The append-only ledger of stock movements, unique by (product id, sequence).

    - ``append`` stores movements; it raises ConflictError when the product already has
      a movement of that sequence (two writers of one level: cannot happen under the
      stock lock) and ProductNotFoundError for an unknown product.
    - ``list_for_product`` returns the product's movements newest first (sequence
      descending), only those with a sequence below ``before`` when given, at most
      ``limit``; empty for an unknown product.
    - ``exists_for_product`` tells whether the product has any movement.
    """

    @abc.abstractmethod
    async def append(self, movements: Collection[StockMovement]) -> None: ...

    @abc.abstractmethod
    async def list_for_product(
        self, product_id: ProductId, *, before: int | None, limit: int
    ) -> list[StockMovement]: ...

    @abc.abstractmethod
    async def exists_for_product(self, product_id: ProductId) -> bool: ...


class ReservationRepository(abc.ABC):
    """Reservations, unique by order id.

    - ``add`` raises ReservationMismatchError when the order already has a reservation
      (PostgreSQL: the primary key; two placements for one order with the same products
      are serialized by the stock lock, so only placements of other lines get here), and
      ProductNotFoundError when a line names an unknown product.
    - ``get`` returns None for an order without a reservation; ``get_for_update``
      returns the same and holds the reservation against concurrent steps until the unit
      of work ends (PostgreSQL: ``SELECT … FOR UPDATE``). ``get_many_for_update`` holds
      the reservations of several orders, locked in ascending order id order, and
      returns those that exist keyed by order id.
    - ``save`` writes the status and ``updated_at`` back, increments ``version``, and
      raises ConcurrentUpdateError if the stored version is no longer the one loaded;
      ``save_many`` does it for several at once, all or none.
    - ``exists_for_product`` tells whether any reservation, in any status, has a line of
      the product.
    """

    @abc.abstractmethod
    async def add(self, reservation: Reservation) -> None: ...

    @abc.abstractmethod
    async def get(self, order_id: OrderId) -> Reservation | None: ...

    @abc.abstractmethod
    async def get_for_update(self, order_id: OrderId) -> Reservation | None: ...

    @abc.abstractmethod
    async def get_many_for_update(
        self, order_ids: Collection[OrderId]
    ) -> dict[OrderId, Reservation]: ...

    @abc.abstractmethod
    async def save(self, reservation: Reservation) -> None: ...

    @abc.abstractmethod
    async def save_many(self, reservations: Collection[Reservation]) -> None: ...

    @abc.abstractmethod
    async def exists_for_product(self, product_id: ProductId) -> bool: ...


class ProductSort(StrEnum):
    RELEVANCE = "relevance"
    PRICE = "price"
    PRICE_DESC = "-price"
    NAME = "name"
    NEWEST = "newest"


SortKey = datetime | int | float | str


@dataclass  # plain, as the views it carries: built for every page
class ProductHits:
    """What a search found, in its order: the products as clients see them with their
    stock, and how well each matched the text (``ranks[i]`` is ``views[i]``'s).

    A read model rather than the Product and StockLevel aggregates: a search only shows
    what it finds, and restoring (and so re-checking) a hundred aggregates per page was
    most of a page's cost. Views and ranks side by side rather than an object per hit, which
    cost a page of a hundred as much again as its stock views. A rank is 0.0 without
    text; its scale is the adapter's own.
    """

    views: list[ProductView]
    ranks: list[float]

    def __len__(self) -> int:
        return len(self.views)

    def position(self, index: int, sort: ProductSort) -> ProductPosition:
        """Where the hit at ``index`` stands in the order of ``sort``: a page that ends
        with it continues after this position."""
        view = self.views[index]
        key = sort_key(view, self.ranks[index], sort)
        return ProductPosition(key=key, product_id=ProductId(view.id))


def sort_key(view: ProductView, rank: float, sort: ProductSort) -> SortKey:
    """The value that orders a hit under ``sort``, before its id breaks ties."""
    match sort:
        case ProductSort.NEWEST:
            return view.created_at
        case ProductSort.PRICE | ProductSort.PRICE_DESC:
            return view.price_cents
        case ProductSort.NAME:
            return name_sort_key(view.name)
        case ProductSort.RELEVANCE:
            return rank


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductPosition:
    """Where the previous page ended: its last hit's sort key and product id."""

    key: SortKey
    product_id: ProductId


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductQuery:
    """What to search for; every criterion given must hold (an empty query finds all).

    - ``text``: matches name, description and SKU, case-insensitively, tolerating typos.
    - ``category_ids``: the product's category is one of them (the caller expands a
      category to its subtree).
    - ``min_price``/``max_price``: inclusive bounds on the price in minor units.
    - ``currency``: the price's currency; ``in_stock``: available > 0 (True) or
      available = 0 (False).
    - ``metadata``: contained in the product's metadata, as PostgreSQL's ``@>``.
    - ``include_inactive``: inactive products match too; otherwise only active ones.
    """

    text: str | None = None
    category_ids: frozenset[CategoryId] | None = None
    min_price: int | None = None
    max_price: int | None = None
    currency: str | None = None
    in_stock: bool | None = None
    metadata: ProductMetadata | None = None
    include_inactive: bool = False
    sort: ProductSort = ProductSort.NEWEST
    after: ProductPosition | None = None
    limit: int = 20


class ProductSearch(abc.ABC):
    """Finds products with their stock; the same filters and order in every adapter.

    ``search`` returns at most ``limit`` hits matching every criterion of the query, in
    the order of ``sort``, where the product id breaks ties so the order is total:

    - NEWEST: (created_at, id) descending;   PRICE: (price amount, id) ascending;
    - PRICE_DESC: (price amount, id) descending (amounts compare across currencies:
      filter by currency for a meaningful order);
    - NAME: (``ProductName.sort_key``, id) ascending, comparing code points
      (PostgreSQL: a ``COLLATE "C"`` column holding the sort key);
    - RELEVANCE: (rank, id) descending.

    With ``after``, only hits strictly beyond that position in this order are returned,
    so following the last hit's position pages through every match exactly once, even
    while products are added. Which products match ``text``, and their ranks, may differ
    between adapters (PostgreSQL: full text search plus trigram similarity); everything
    else may not. Reads take no locks.
    """

    @abc.abstractmethod
    async def search(self, query: ProductQuery) -> ProductHits: ...


class ProductViews(abc.ABC):
    """Products as clients see them, each read together with its stock.

    A read model beside ProductRepository for queries that only show a product: one read
    (PostgreSQL: one statement joining the product with its stock level) instead of the
    Product and StockLevel aggregates loaded one after the other.

    - ``get`` returns the product's view with its stock, whatever its ``active`` flag
      (visibility is the use cases' business); None when no product has the id, or when it
      has no stock level (which the use cases never leave: a product gets its level in the
      unit of work that adds it). It equals ``ProductView.of`` the product and level
      ``products.get`` and ``stock.get`` return. Reads take no locks.
    """

    @abc.abstractmethod
    async def get(self, product_id: ProductId) -> ProductView | None: ...


class CatalogUnitOfWork(abc.ABC):
    """One transaction over the catalog's repositories, search and product views.

    ``async with uow:`` begins; ``await uow.commit()`` makes the changes durable;
    leaving the block without commit (or by an exception) discards them. A unit of
    work is used for one transaction at a time.
    """

    categories: CategoryRepository
    products: ProductRepository
    stock: StockLevelRepository
    movements: StockMovementLedger
    reservations: ReservationRepository
    search: ProductSearch
    product_views: ProductViews

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
    async def commit(self) -> None: ...
