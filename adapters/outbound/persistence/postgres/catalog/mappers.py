"""Rows to aggregates (through ``restore``) and read models, and aggregates to column values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.outbound.persistence.postgres.statements import Row
from application.catalog.views import ProductView, StockView
from domain.catalog.category import Category
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import Product
from domain.catalog.reservation import Reservation, ReservationLine, ReservationStatus
from domain.catalog.stock import StockLevel, StockMovement, StockMovementReason
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


def category_from_row(row: Row) -> Category:
    return Category.restore(
        id=CategoryId(row.id),
        name=CategoryName(row.name),
        slug=Slug(row.slug),
        parent_id=None if row.parent_id is None else CategoryId(row.parent_id),
        position=row.position,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def category_values(category: Category) -> dict[str, Any]:
    """Every column but ``id``, ``created_at`` and ``version``, which never change on save."""
    return {
        "name": category.name.value,
        "slug": category.slug.value,
        "parent_id": category.parent_id,
        "position": category.position,
        "updated_at": category.updated_at,
    }


def product_from_row(row: Row) -> Product:
    return Product.restore(
        id=ProductId(row.id),
        sku=Sku(row.sku),
        name=ProductName(row.name),
        description=Description(row.description),
        price=Money(row.price_cents, row.currency),
        category_id=CategoryId(row.category_id),
        metadata=ProductMetadata.restore(row.metadata),
        active=row.active,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def product_view_from_row(row: Row) -> ProductView:
    """The view of a product row joined with its stock row (stock columns named
    ``stock_<column>``), without restoring either aggregate: the values were checked when
    they were written, and a product is read far more often than it changes."""
    # By key: a Row's attributes cost a Python call each, thirteen times per product.
    return ProductView(
        id=row["id"],
        sku=row["sku"],
        name=row["name"],
        description=row["description"],
        price_cents=row["price_cents"],
        currency=row["currency"],
        category_id=row["category_id"],
        metadata=row["metadata"],
        active=row["active"],
        stock=StockView.counts(
            row["stock_on_hand"], row["stock_reserved"], row["stock_low_stock_threshold"]
        ),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def product_values(product: Product) -> dict[str, Any]:
    """Every column but ``id``, ``created_at``, ``version`` and the generated one."""
    return {
        "sku": product.sku.value,
        "name": product.name.value,
        "name_key": product.name.sort_key,
        "description": product.description.value,
        "price_cents": product.price.amount,
        "currency": product.price.currency,
        "category_id": product.category_id,
        "metadata": product.metadata.as_dict(),
        "active": product.active,
        "updated_at": product.updated_at,
    }


def stock_level_from_row(row: Row) -> StockLevel:
    return StockLevel.restore(
        product_id=ProductId(row.product_id),
        on_hand=row.on_hand,
        reserved=row.reserved,
        low_stock_threshold=row.low_stock_threshold,
        last_sequence=row.last_sequence,
        updated_at=row.updated_at,
        version=row.version,
    )


def stock_level_values(level: StockLevel) -> dict[str, Any]:
    """Every column but ``product_id``, ``version`` and the generated ``available``."""
    return {
        "on_hand": level.on_hand,
        "reserved": level.reserved,
        "low_stock_threshold": level.low_stock_threshold,
        "last_sequence": level.last_sequence,
        "updated_at": level.updated_at,
    }


def stock_movement_from_row(row: Row) -> StockMovement:
    return StockMovement(
        product_id=ProductId(row.product_id),
        sequence=row.sequence,
        reason=StockMovementReason(row.reason),
        on_hand_delta=row.on_hand_delta,
        reserved_delta=row.reserved_delta,
        on_hand_after=row.on_hand_after,
        reserved_after=row.reserved_after,
        occurred_at=row.occurred_at,
        order_id=None if row.order_id is None else OrderId(row.order_id),
        actor_id=row.actor_id,
        note=row.note,
    )


def stock_movement_values(movement: StockMovement) -> dict[str, Any]:
    return {
        "product_id": movement.product_id,
        "sequence": movement.sequence,
        "reason": movement.reason.value,
        "on_hand_delta": movement.on_hand_delta,
        "reserved_delta": movement.reserved_delta,
        "on_hand_after": movement.on_hand_after,
        "reserved_after": movement.reserved_after,
        "order_id": movement.order_id,
        "actor_id": movement.actor_id,
        "note": movement.note,
        "occurred_at": movement.occurred_at,
    }


def reservation_from_rows(rows: Sequence[Row]) -> Reservation:
    """The reservation of rows of it joined with its lines, lines in product id order."""
    head = rows[0]
    return Reservation.restore(
        order_id=OrderId(head.order_id),
        lines=tuple(
            ReservationLine(product_id=ProductId(row.product_id), quantity=row.quantity)
            for row in rows
            if row.product_id is not None
        ),
        status=ReservationStatus(head.status),
        created_at=head.created_at,
        updated_at=head.updated_at,
        version=head.version,
    )
