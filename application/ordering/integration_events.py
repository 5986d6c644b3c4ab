"""The integration events ordering publishes: versioned topics and their payloads.

A topic names one event and the version of its payload. Within a version fields are only
ever added, so a tolerant reader (one that ignores what it does not know) keeps working;
removing or retyping a field makes a new version, published next to the old one until
its consumers moved. Payloads are JSON objects: ids are UUID strings, times RFC 3339 UTC,
amounts integer minor units with an ISO 4217 currency.

=============================  ===========================================================
topic                          payload
=============================  ===========================================================
ordering.order_placed.v1       order_id, customer_id, lines [{product_id, sku, quantity,
                               unit_price_cents}], total_cents, currency, placed_at
ordering.order_paid.v1         order_id, customer_id, amount_cents, currency, attempt_no,
                               paid_at
ordering.order_cancelled.v1    order_id, customer_id, by (null: the system), reason,
                               cancelled_at
ordering.order_shipped.v1      order_id, customer_id, shipped_at
ordering.order_delivered.v1    order_id, customer_id, delivered_at
ordering.order_refunded.v1     order_id, customer_id, amount_cents, currency, refunded_at
=============================  ===========================================================

What the catalog makes of them: order_paid commits the order's stock reservation,
order_cancelled releases it, order_refunded returns the stock. Each is idempotent per
order id on the catalog's side, so redelivery is harmless.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from application.ordering.ports import OutboxMessage
from domain.ordering.events import (
    OrderCancelled,
    OrderDelivered,
    OrderEvent,
    OrderPaid,
    OrderPlaced,
    OrderRefunded,
    OrderShipped,
)
from domain.shared.events import DomainEvent

ORDER_PLACED = "ordering.order_placed.v1"
ORDER_PAID = "ordering.order_paid.v1"
ORDER_CANCELLED = "ordering.order_cancelled.v1"
ORDER_SHIPPED = "ordering.order_shipped.v1"
ORDER_DELIVERED = "ordering.order_delivered.v1"
ORDER_REFUNDED = "ordering.order_refunded.v1"

TOPICS = (
    ORDER_PLACED,
    ORDER_PAID,
    ORDER_CANCELLED,
    ORDER_SHIPPED,
    ORDER_DELIVERED,
    ORDER_REFUNDED,
)


def message_for(event: DomainEvent, *, message_id: UUID) -> OutboxMessage | None:
    """The integration message announcing ``event``; None for events kept inside."""
    topic_and_payload = _topic_and_payload(event)
    if topic_and_payload is None:
        return None
    topic, payload = topic_and_payload
    return OutboxMessage(id=message_id, topic=topic, payload=payload, occurred_at=event.occurred_at)


def messages_for(
    events: Iterable[DomainEvent], *, new_id: Callable[[], UUID] = uuid4
) -> list[OutboxMessage]:
    return [
        message
        for event in events
        if (message := message_for(event, message_id=new_id())) is not None
    ]


def _topic_and_payload(event: DomainEvent) -> tuple[str, dict[str, Any]] | None:
    topic: str
    fields: dict[str, Any]
    match event:
        case OrderPlaced():
            topic, fields = (
                ORDER_PLACED,
                {
                    "lines": [
                        {
                            "product_id": str(line.product_id),
                            "sku": line.sku,
                            "quantity": line.quantity,
                            "unit_price_cents": line.unit_price.amount,
                        }
                        for line in event.lines
                    ],
                    "total_cents": event.total.amount,
                    "currency": event.total.currency,
                    "placed_at": _time(event.occurred_at),
                },
            )
        case OrderPaid():
            topic, fields = (
                ORDER_PAID,
                {
                    "amount_cents": event.amount.amount,
                    "currency": event.amount.currency,
                    "attempt_no": event.attempt_no,
                    "paid_at": _time(event.occurred_at),
                },
            )
        case OrderCancelled():
            topic, fields = (
                ORDER_CANCELLED,
                {
                    "by": None if event.by is None else str(event.by),
                    "reason": event.reason,
                    "cancelled_at": _time(event.occurred_at),
                },
            )
        case OrderShipped():
            topic, fields = ORDER_SHIPPED, {"shipped_at": _time(event.occurred_at)}
        case OrderDelivered():
            topic, fields = ORDER_DELIVERED, {"delivered_at": _time(event.occurred_at)}
        case OrderRefunded():
            topic, fields = (
                ORDER_REFUNDED,
                {
                    "amount_cents": event.amount.amount,
                    "currency": event.amount.currency,
                    "refunded_at": _time(event.occurred_at),
                },
            )
        case _:
            return None
    assert isinstance(event, OrderEvent)  # every case above is one
    return topic, {
        "order_id": str(event.order_id),
        "customer_id": str(event.customer_id),
        **fields,
    }


def _time(moment: datetime) -> str:
    return moment.isoformat()
