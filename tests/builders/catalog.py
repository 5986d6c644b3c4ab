"""Builders for the catalog's stored things: categories, products, stock and reservations.

Every category gets a fresh id and slug, every product a fresh id and SKU, so tests against
a shared database never collide; times default to the fixed ``T0`` and move only when a
test says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.catalog.category import Category
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import Product
from domain.catalog.reservation import Reservation, ReservationStatus, reservation_lines
from domain.catalog.stock import StockLevel
from domain.catalog.values import (
    CategoryId,
    CategoryName,
    Description,
    OrderId,
    ProductId,
    ProductName,
    Sku,
    Slug,
)
from domain.shared.money import Money

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def later(*, seconds: float = 0, minutes: float = 0, days: float = 0) -> datetime:
    """The instant that far after ``T0``."""
    return T0 + timedelta(seconds=seconds, minutes=minutes, days=days)


def a_unique_slug(prefix: str = "category") -> str:
    return f"{prefix}-{uuid4().hex[:12]}"


def a_unique_sku(prefix: str = "SKU") -> str:
    return f"{prefix}-{uuid4().hex[:12].upper()}"


def an_order_id() -> OrderId:
    return OrderId(uuid4())


def a_category(
    *,
    parent: Category | None = None,
    name: str = "Keyboards",
    slug: str | None = None,
    position: int = 0,
    created_at: datetime = T0,
) -> Category:
    """A stored category (version 1) under ``parent``, or a root."""
    return Category.restore(
        id=CategoryId(uuid4()),
        name=CategoryName.parse(name),
        slug=Slug(slug if slug is not None else a_unique_slug()),
        parent_id=None if parent is None else parent.id,
        position=position,
        created_at=created_at,
        updated_at=created_at,
        version=1,
    )


def a_chain(length: int) -> list[Category]:
    """``length`` categories, each the child of the one before: a path from a root down."""
    chain: list[Category] = []
    for _ in range(length):
        chain.append(a_category(parent=chain[-1] if chain else None))
    return chain


def a_product(
    category: Category | UUID,
    *,
    sku: str | None = None,
    name: str = "Mechanical Keyboard",
    description: str = "",
    price: int = 4999,
    currency: str = "EUR",
    metadata: dict[str, Any] | None = None,
    active: bool = True,
    created_at: datetime = T0,
) -> Product:
    """A product made by ``Product.create`` (its events still pending), then deactivated
    unless ``active``."""
    product = Product.create(
        id=ProductId(uuid4()),
        sku=Sku.parse(sku if sku is not None else a_unique_sku()),
        name=ProductName.parse(name),
        description=Description.parse(description),
        price=Money(price, currency),
        category_id=CategoryId(category.id if isinstance(category, Category) else category),
        metadata=ProductMetadata(metadata or {}),
        now=created_at,
    )
    if not active:
        product.deactivate(now=created_at)
    return product


def a_stock_level(
    product: Product | ProductId,
    *,
    on_hand: int = 0,
    reserved: int = 0,
    low_stock_threshold: int = 0,
    last_sequence: int = 0,
) -> StockLevel:
    """A stock level as a repository would restore it."""
    return StockLevel.restore(
        product_id=product.id if isinstance(product, Product) else product,
        on_hand=on_hand,
        reserved=reserved,
        low_stock_threshold=low_stock_threshold,
        last_sequence=last_sequence,
        updated_at=T0,
        version=1,
    )


def a_reservation(
    lines: Iterable[tuple[ProductId, int]],
    *,
    order_id: OrderId | None = None,
    status: ReservationStatus = ReservationStatus.HELD,
    created_at: datetime = T0,
) -> Reservation:
    """A reservation as a repository would restore it (its stock is the test's business)."""
    return Reservation.restore(
        order_id=order_id if order_id is not None else an_order_id(),
        lines=reservation_lines(lines),
        status=status,
        created_at=created_at,
        updated_at=created_at,
        version=1,
    )
