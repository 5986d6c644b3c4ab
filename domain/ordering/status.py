"""The order status machine, in one table, and the record of each step an order took."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


_PENDING, _PAID = OrderStatus.PENDING_PAYMENT, OrderStatus.PAID
_SHIPPED, _DELIVERED = OrderStatus.SHIPPED, OrderStatus.DELIVERED
_CANCELLED, _REFUNDED = OrderStatus.CANCELLED, OrderStatus.REFUNDED

# Which status may follow which; every other step is illegal.
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    _PENDING: frozenset({_PAID, _CANCELLED}),
    _PAID: frozenset({_SHIPPED, _REFUNDED}),
    _SHIPPED: frozenset({_DELIVERED}),
    _DELIVERED: frozenset(),
    _CANCELLED: frozenset(),
    _REFUNDED: frozenset(),
}


def may_follow(current: OrderStatus, target: OrderStatus) -> bool:
    return target in TRANSITIONS[current]


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChange:
    """One entry of an order's history. The first has no ``from_status`` (the order was
    placed); ``by`` is the acting user, None for the system (expiry)."""

    from_status: OrderStatus | None
    to_status: OrderStatus
    at: datetime
    by: UUID | None
    reason: str | None = None
