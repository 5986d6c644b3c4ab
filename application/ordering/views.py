"""Read models that ordering use cases return; no card number, CVC or IBAN ever reaches one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.ordering.lines import OrderLine
from domain.ordering.order import Order
from domain.ordering.payment_method import PaymentMethod
from domain.ordering.payments import PaymentAttempt, Refund
from domain.ordering.status import StatusChange


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentMethodView:
    """``summary``: a card's brand, last4, exp_month, exp_year and holder; a bank
    account's country, last4 and holder; a wallet's provider and masked account."""

    id: UUID
    kind: str
    summary: dict[str, str | int]
    is_default: bool
    created_at: datetime

    @classmethod
    def of(cls, method: PaymentMethod) -> PaymentMethodView:
        return cls(
            id=method.id,
            kind=method.kind.value,
            summary=dict(method.summary),
            is_default=method.is_default,
            created_at=method.created_at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderLineView:
    product_id: UUID
    sku: str
    name: str
    unit_price_cents: int
    quantity: int
    line_total_cents: int

    @classmethod
    def of(cls, line: OrderLine) -> OrderLineView:
        return cls(
            product_id=line.product_id,
            sku=line.sku,
            name=line.name,
            unit_price_cents=line.unit_price.amount,
            quantity=line.quantity,
            line_total_cents=line.total.amount,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChangeView:
    """``from_status`` None: the order was placed; ``by`` None: the system acted."""

    from_status: str | None
    to_status: str
    at: datetime
    by: UUID | None
    reason: str | None

    @classmethod
    def of(cls, change: StatusChange) -> StatusChangeView:
        return cls(
            from_status=None if change.from_status is None else change.from_status.value,
            to_status=change.to_status.value,
            at=change.at,
            by=change.by,
            reason=change.reason,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentAttemptView:
    attempt_no: int
    payment_method_id: UUID
    amount_cents: int
    currency: str
    outcome: str
    reference: str | None
    failure_reason: str | None
    at: datetime

    @classmethod
    def of(cls, attempt: PaymentAttempt) -> PaymentAttemptView:
        return cls(
            attempt_no=attempt.attempt_no,
            payment_method_id=attempt.payment_method_id,
            amount_cents=attempt.amount.amount,
            currency=attempt.amount.currency,
            outcome=attempt.outcome.value,
            reference=attempt.reference,
            failure_reason=attempt.failure_reason,
            at=attempt.at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RefundView:
    amount_cents: int
    currency: str
    reference: str
    at: datetime

    @classmethod
    def of(cls, refund: Refund) -> RefundView:
        return cls(
            amount_cents=refund.amount.amount,
            currency=refund.amount.currency,
            reference=refund.reference,
            at=refund.at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderView:
    """An order with its lines, totals, status history (oldest first) and payment
    attempts (in order); ``refund`` is set once it was refunded."""

    id: UUID
    customer_id: UUID
    status: str
    lines: tuple[OrderLineView, ...]
    total_cents: int
    currency: str
    history: tuple[StatusChangeView, ...]
    payments: tuple[PaymentAttemptView, ...]
    refund: RefundView | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, order: Order) -> OrderView:
        total = order.total
        return cls(
            id=order.id,
            customer_id=order.customer_id,
            status=order.status.value,
            lines=tuple(OrderLineView.of(line) for line in order.lines),
            total_cents=total.amount,
            currency=total.currency,
            history=tuple(StatusChangeView.of(change) for change in order.history),
            payments=tuple(PaymentAttemptView.of(attempt) for attempt in order.payments),
            refund=None if order.refund is None else RefundView.of(order.refund),
            created_at=order.created_at,
            updated_at=order.updated_at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderSummaryView:
    """An order in a listing: GetOrder tells the rest."""

    id: UUID
    customer_id: UUID
    status: str
    total_cents: int
    currency: str
    line_count: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, order: Order) -> OrderSummaryView:
        total = order.total
        return cls(
            id=order.id,
            customer_id=order.customer_id,
            status=order.status.value,
            total_cents=total.amount,
            currency=total.currency,
            line_count=len(order.lines),
            created_at=order.created_at,
            updated_at=order.updated_at,
        )
