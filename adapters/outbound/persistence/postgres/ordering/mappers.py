"""Rows to aggregates (through ``restore``) and aggregates to column values.

An order's child rows arrive as JSON arrays (see orders.py), so their ids and times are
parsed here from JSON's strings.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from adapters.outbound.persistence.postgres.statements import Row
from application.ordering.ports import OutboxMessage
from domain.ordering.instruments import PaymentMethodKind
from domain.ordering.lines import OrderLine
from domain.ordering.order import Order
from domain.ordering.payment_method import PaymentMethod
from domain.ordering.payments import PaymentAttempt, PaymentOutcome, Refund
from domain.ordering.status import OrderStatus, StatusChange
from domain.ordering.values import CustomerId, OrderId, PaymentMethodId, ProductId
from domain.shared.money import Money


def order_from_row(row: Row) -> Order:
    currency: str = row.currency
    refund = None
    if row.refund_reference is not None:
        refund = Refund(
            amount=Money(row.refund_amount_cents, currency),
            reference=row.refund_reference,
            at=row.refunded_at,
        )
    return Order.restore(
        id=OrderId(row.id),
        customer_id=CustomerId(row.customer_id),
        lines=tuple(_line(line, currency) for line in row.lines),
        status=OrderStatus(row.status),
        history=[_status_change(change) for change in row.history],
        payments=[_payment(payment, currency) for payment in row.payments],
        refund=refund,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def order_values(order: Order) -> dict[str, Any]:
    """The columns ``save`` writes: all but ``id``, ``customer_id``, the currency and total
    (lines never change), ``created_at`` and ``version``."""
    refund = order.refund
    return {
        "status": order.status.value,
        "refund_amount_cents": None if refund is None else refund.amount.amount,
        "refund_reference": None if refund is None else refund.reference,
        "refunded_at": None if refund is None else refund.at,
        "updated_at": order.updated_at,
    }


def new_order_values(order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "customer_id": order.customer_id,
        "currency": order.currency,
        "total_cents": order.total.amount,
        "created_at": order.created_at,
        "version": order.version,
        **order_values(order),
    }


def line_rows(order: Order) -> list[dict[str, Any]]:
    return [
        {
            "order_id": order.id,
            "line_no": line_no,
            "product_id": line.product_id,
            "sku": line.sku,
            "name": line.name,
            "unit_price_cents": line.unit_price.amount,
            "quantity": line.quantity,
        }
        for line_no, line in enumerate(order.lines, start=1)
    ]


def status_change_rows(order: Order) -> list[dict[str, Any]]:
    return [
        {
            "order_id": order.id,
            "seq": seq,
            "from_status": None if change.from_status is None else change.from_status.value,
            "to_status": change.to_status.value,
            "at": change.at,
            "by_user_id": change.by,
            "reason": change.reason,
        }
        for seq, change in enumerate(order.history, start=1)
    ]


def payment_attempt_rows(order: Order) -> list[dict[str, Any]]:
    return [
        {
            "order_id": order.id,
            "attempt_no": attempt.attempt_no,
            "payment_method_id": attempt.payment_method_id,
            "amount_cents": attempt.amount.amount,
            "outcome": attempt.outcome.value,
            "reference": attempt.reference,
            "failure_reason": attempt.failure_reason,
            "at": attempt.at,
        }
        for attempt in order.payments
    ]


def _line(line: dict[str, Any], currency: str) -> OrderLine:
    return OrderLine(
        product_id=ProductId(UUID(line["product_id"])),
        sku=line["sku"],
        name=line["name"],
        unit_price=Money(line["unit_price_cents"], currency),
        quantity=line["quantity"],
    )


def _status_change(change: dict[str, Any]) -> StatusChange:
    return StatusChange(
        from_status=None if change["from_status"] is None else OrderStatus(change["from_status"]),
        to_status=OrderStatus(change["to_status"]),
        at=_time(change["at"]),
        by=None if change["by_user_id"] is None else UUID(change["by_user_id"]),
        reason=change["reason"],
    )


def _payment(payment: dict[str, Any], currency: str) -> PaymentAttempt:
    return PaymentAttempt(
        attempt_no=payment["attempt_no"],
        payment_method_id=PaymentMethodId(UUID(payment["payment_method_id"])),
        amount=Money(payment["amount_cents"], currency),
        outcome=PaymentOutcome(payment["outcome"]),
        reference=payment["reference"],
        failure_reason=payment["failure_reason"],
        at=_time(payment["at"]),
    )


def _time(value: str) -> datetime:
    """A ``timestamptz`` as JSON renders it (ISO 8601 with the session's offset), in UTC
    like the driver's own datetimes."""
    return datetime.fromisoformat(value).astimezone(UTC)


def payment_method_from_row(row: Row) -> PaymentMethod:
    return PaymentMethod.restore(
        id=PaymentMethodId(row.id),
        customer_id=CustomerId(row.customer_id),
        kind=PaymentMethodKind(row.kind),
        token=row.token,
        summary=dict(row.summary),
        fingerprint=row.fingerprint,
        is_default=row.is_default,
        created_at=row.created_at,
        updated_at=row.updated_at,
        removed_at=row.removed_at,
        version=row.version,
    )


def payment_method_values(method: PaymentMethod) -> dict[str, Any]:
    """The columns ``save`` writes: ``is_default``, ``removed_at`` and ``updated_at``."""
    return {
        "is_default": method.is_default,
        "removed_at": method.removed_at,
        "updated_at": method.updated_at,
    }


def new_payment_method_values(method: PaymentMethod) -> dict[str, Any]:
    return {
        "id": method.id,
        "customer_id": method.customer_id,
        "kind": method.kind.value,
        "token": method.token,
        "summary": method.summary,
        "fingerprint": method.fingerprint,
        "created_at": method.created_at,
        "version": method.version,
        **payment_method_values(method),
    }


def outbox_message_from_row(row: Row) -> OutboxMessage:
    return OutboxMessage(
        id=row.id, topic=row.topic, payload=row.payload, occurred_at=row.occurred_at
    )


def outbox_message_values(message: OutboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "topic": message.topic,
        "payload": message.payload,
        "occurred_at": message.occurred_at,
    }
