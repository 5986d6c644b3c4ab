"""Read models that catalog use cases return."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.catalog.category import Category
from domain.catalog.product import Product
from domain.catalog.reservation import Reservation
from domain.catalog.stock import StockLevel, StockMovement, available, is_low


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryView:
    id: UUID
    name: str
    slug: str
    parent_id: UUID | None
    position: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, category: Category) -> CategoryView:
        return cls(
            id=category.id,
            name=category.name.value,
            slug=category.slug.value,
            parent_id=category.parent_id,
            position=category.position,
            created_at=category.created_at,
            updated_at=category.updated_at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryTreeNode:
    """A category with its subcategories, in sibling order; ``depth`` is 1 for a root."""

    id: UUID
    name: str
    slug: str
    parent_id: UUID | None
    position: int
    depth: int
    children: tuple[CategoryTreeNode, ...]

    @classmethod
    def forest(
        cls, categories: Iterable[Category], *, top_depth: int = 1
    ) -> list[CategoryTreeNode]:
        """The trees of ``categories``, listed parents before children, siblings in order.

        A category whose parent is not among them is a top of the forest, at ``top_depth``.
        """
        listed = list(categories)
        ids = {category.id for category in listed}
        children: dict[UUID | None, list[Category]] = {}
        for category in listed:
            parent = category.parent_id if category.parent_id in ids else None
            children.setdefault(parent, []).append(category)

        def node(category: Category, depth: int) -> CategoryTreeNode:
            return cls(
                id=category.id,
                name=category.name.value,
                slug=category.slug.value,
                parent_id=category.parent_id,
                position=category.position,
                depth=depth,
                children=tuple(node(child, depth + 1) for child in children.get(category.id, [])),
            )

        return [node(top, top_depth) for top in children.get(None, [])]


# Served on the busiest reads, a hundred to a page: plain dataclasses, which are built three
# times faster than frozen ones and written by orjson five times faster than slotted ones
# (it reads their __dict__), and not keyword-only, so that the search adapter can build
# them positionally, twice as fast. Use cases and adapters build them and never change them.
@dataclass
class StockView:
    """A product's stock as clients see it, inside the product or on its own route."""

    on_hand: int
    reserved: int
    available: int
    low_stock_threshold: int
    low_stock: bool

    @classmethod
    def of(cls, level: StockLevel) -> StockView:
        return cls.counts(level.on_hand, level.reserved, level.low_stock_threshold)

    @classmethod
    def counts(cls, on_hand: int, reserved: int, low_stock_threshold: int) -> StockView:
        """The view of stored counts, for query adapters that read no StockLevel."""
        left = available(on_hand, reserved)
        return cls(
            on_hand=on_hand,
            reserved=reserved,
            available=left,
            low_stock_threshold=low_stock_threshold,
            low_stock=is_low(left, low_stock_threshold),
        )


@dataclass  # plain for speed, as StockView
class ProductView:
    """A product as clients see it; ``version`` is what If-Match/ETag carry."""

    id: UUID
    sku: str
    name: str
    description: str
    price_cents: int
    currency: str
    category_id: UUID
    metadata: dict[str, Any]
    active: bool
    stock: StockView
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, product: Product, level: StockLevel) -> ProductView:
        return cls(
            id=product.id,
            sku=product.sku.value,
            name=product.name.value,
            description=product.description.value,
            price_cents=product.price.amount,
            currency=product.price.currency,
            category_id=product.category_id,
            # The view is only read (serialized); the product it came from is discarded.
            metadata=product.metadata.value,
            active=product.active,
            stock=StockView.of(level),
            version=product.version,
            created_at=product.created_at,
            updated_at=product.updated_at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StockMovementView:
    """A ledger entry; deltas are signed, ``*_after`` are the levels once it applied."""

    product_id: UUID
    sequence: int
    reason: str
    on_hand_delta: int
    reserved_delta: int
    on_hand_after: int
    reserved_after: int
    available_after: int
    order_id: UUID | None
    actor_id: UUID | None
    note: str | None
    occurred_at: datetime

    @classmethod
    def of(cls, movement: StockMovement) -> StockMovementView:
        return cls(
            product_id=movement.product_id,
            sequence=movement.sequence,
            reason=movement.reason.value,
            on_hand_delta=movement.on_hand_delta,
            reserved_delta=movement.reserved_delta,
            on_hand_after=movement.on_hand_after,
            reserved_after=movement.reserved_after,
            available_after=movement.available_after,
            order_id=movement.order_id,
            actor_id=movement.actor_id,
            note=movement.note,
            occurred_at=movement.occurred_at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ReservationLineView:
    product_id: UUID
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OfferedProductView:
    """What the catalog asks for a reserved product at the moment it was reserved."""

    product_id: UUID
    sku: str
    name: str
    price_cents: int
    currency: str

    @classmethod
    def of(cls, product: Product) -> OfferedProductView:
        return cls(
            product_id=product.id,
            sku=product.sku.value,
            name=product.name.value,
            price_cents=product.price.amount,
            currency=product.price.currency,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ReservationView:
    """A reservation's state; every reservation step answers with it, also when repeated.
    ReserveStock also answers ``offered``: each line's product as offered now (an
    inactive one left out), so an order can be priced from the same reading."""

    order_id: UUID
    status: str
    lines: tuple[ReservationLineView, ...]
    created_at: datetime
    updated_at: datetime
    offered: tuple[OfferedProductView, ...] = ()

    @classmethod
    def of(
        cls, reservation: Reservation, offered: Iterable[OfferedProductView] = ()
    ) -> ReservationView:
        return cls(
            order_id=reservation.order_id,
            status=reservation.status.value,
            lines=tuple(
                ReservationLineView(product_id=line.product_id, quantity=line.quantity)
                for line in reservation.lines
            ),
            created_at=reservation.created_at,
            updated_at=reservation.updated_at,
            offered=tuple(offered),
        )
