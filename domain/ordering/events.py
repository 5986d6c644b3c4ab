"""Events of the ordering model: each step of an order's life."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.ordering.lines import OrderLine
from domain.shared.events import DomainEvent
from domain.shared.money import Money


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderEvent(DomainEvent):
    order_id: UUID
    customer_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderPlaced(OrderEvent):
    lines: tuple[OrderLine, ...]
    total: Money


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderPaid(OrderEvent):
    """The order was paid: the stock it reserved leaves the warehouse's books."""

    amount: Money
    attempt_no: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderCancelled(OrderEvent):
    """The order will not be paid: its reserved stock is free again. ``by`` None: expiry."""

    by: UUID | None
    reason: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderShipped(OrderEvent):
    by: UUID | None


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderDelivered(OrderEvent):
    by: UUID | None


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderRefunded(OrderEvent):
    """The paid amount went back to the customer: the order's stock is on hand again."""

    amount: Money
    by: UUID | None
    reason: str | None
