"""The Order aggregate: priced lines, the status machine with its history, and payments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Self
from uuid import UUID

from domain.ordering.errors import DuplicateLineError, IllegalTransitionError, MixedCurrenciesError
from domain.ordering.events import (
    OrderCancelled,
    OrderDelivered,
    OrderPaid,
    OrderPlaced,
    OrderRefunded,
    OrderShipped,
)
from domain.ordering.lines import MAX_LINES, OrderLine, lines_total
from domain.ordering.payments import PaymentAttempt, PaymentOutcome, Refund
from domain.ordering.status import OrderStatus, StatusChange, may_follow
from domain.ordering.values import CustomerId, OrderId, PaymentMethodId, check_reason
from domain.shared.errors import InvalidValueError
from domain.shared.events import EventRecorder
from domain.shared.money import Money

EXPIRY_REASON = "expired"


class Order(EventRecorder):
    """A customer's order. It starts pending payment; ``TRANSITIONS`` (status.py) says
    where it may go from there, and every step is appended to ``history``.

    Invariants: one currency for all lines; ``total`` is the sum of the line totals; at
    most one payment attempt succeeded, and one did exactly when the order was ever paid;
    a refund is recorded exactly when the order is refunded. ``version`` counts saved
    changes, so a repository can refuse a stale write.
    """

    __slots__ = (
        "created_at",
        "customer_id",
        "history",
        "id",
        "lines",
        "payments",
        "refund",
        "status",
        "updated_at",
        "version",
    )

    def __init__(
        self,
        *,
        id: OrderId,
        customer_id: CustomerId,
        lines: tuple[OrderLine, ...],
        status: OrderStatus,
        history: list[StatusChange],
        payments: list[PaymentAttempt],
        refund: Refund | None,
        created_at: datetime,
        updated_at: datetime,
        version: int,
    ) -> None:
        super().__init__()
        self.id = id
        self.customer_id = customer_id
        self.lines = lines
        self.status = status
        self.history = history
        self.payments = payments
        self.refund = refund
        self.created_at = created_at
        self.updated_at = updated_at
        self.version = version

    @classmethod
    def place(
        cls,
        *,
        id: OrderId,
        customer_id: CustomerId,
        lines: Sequence[OrderLine],
        now: datetime,
    ) -> Self:
        """A new order pending payment, placed by its customer.

        Raises:
            InvalidValueError: no lines, or more than MAX_LINES.
            DuplicateLineError: two lines name one product.
            MixedCurrenciesError: the lines are priced in more than one currency.
        """
        if not lines:
            raise InvalidValueError("lines", "must hold at least one line")
        if len(lines) > MAX_LINES:
            raise InvalidValueError("lines", f"must hold at most {MAX_LINES} lines")
        seen: set[UUID] = set()
        for index, line in enumerate(lines):
            if line.product_id in seen:
                raise DuplicateLineError(index, line.product_id)
            seen.add(line.product_id)
        currencies = {line.unit_price.currency for line in lines}
        if len(currencies) > 1:
            raise MixedCurrenciesError(currencies)
        order = cls(
            id=id,
            customer_id=customer_id,
            lines=tuple(lines),
            status=OrderStatus.PENDING_PAYMENT,
            history=[
                StatusChange(
                    from_status=None,
                    to_status=OrderStatus.PENDING_PAYMENT,
                    at=now,
                    by=customer_id,
                )
            ],
            payments=[],
            refund=None,
            created_at=now,
            updated_at=now,
            version=1,
        )
        order._record(
            OrderPlaced(
                occurred_at=now,
                order_id=id,
                customer_id=customer_id,
                lines=order.lines,
                total=order.total,
            )
        )
        return order

    @classmethod
    def restore(
        cls,
        *,
        id: OrderId,
        customer_id: CustomerId,
        lines: tuple[OrderLine, ...],
        status: OrderStatus,
        history: list[StatusChange],
        payments: list[PaymentAttempt],
        refund: Refund | None,
        created_at: datetime,
        updated_at: datetime,
        version: int,
    ) -> Self:
        """Rebuild a stored order; for persistence adapters only."""
        return cls(
            id=id,
            customer_id=customer_id,
            lines=lines,
            status=status,
            history=history,
            payments=payments,
            refund=refund,
            created_at=created_at,
            updated_at=updated_at,
            version=version,
        )

    @property
    def currency(self) -> str:
        return self.lines[0].unit_price.currency

    @property
    def total(self) -> Money:
        return lines_total(self.lines, self.currency)

    @property
    def next_attempt_no(self) -> int:
        """The number the next payment attempt will have: attempts count from 1."""
        return len(self.payments) + 1

    @property
    def successful_payment(self) -> PaymentAttempt | None:
        return next((attempt for attempt in self.payments if attempt.succeeded), None)

    def check_can_become(self, status: OrderStatus) -> None:
        """Raise IllegalTransitionError unless the status machine allows the step now."""
        if not may_follow(self.status, status):
            raise IllegalTransitionError(self.id, self.status.value, status.value)

    def record_payment(
        self,
        *,
        payment_method_id: PaymentMethodId,
        outcome: PaymentOutcome,
        reference: str | None,
        failure_reason: str | None,
        by: UUID | None,
        now: datetime,
    ) -> PaymentAttempt:
        """Record a charge of the total; a successful one makes the order paid.

        Raises:
            IllegalTransitionError: the order is not pending payment.
            InvalidValueError: a successful charge without the processor's reference.
        """
        self.check_can_become(OrderStatus.PAID)
        if outcome is PaymentOutcome.SUCCEEDED and not reference:
            raise InvalidValueError("reference", "a successful charge has a processor reference")
        attempt = PaymentAttempt(
            attempt_no=self.next_attempt_no,
            payment_method_id=payment_method_id,
            amount=self.total,
            outcome=outcome,
            reference=reference,
            failure_reason=None if outcome is PaymentOutcome.SUCCEEDED else failure_reason,
            at=now,
        )
        self.payments.append(attempt)
        self.updated_at = now
        if attempt.succeeded:
            self._move(OrderStatus.PAID, by=by, now=now)
            self._record(
                OrderPaid(
                    occurred_at=now,
                    order_id=self.id,
                    customer_id=self.customer_id,
                    amount=attempt.amount,
                    attempt_no=attempt.attempt_no,
                )
            )
        return attempt

    def cancel(self, *, by: UUID | None, now: datetime, reason: str | None = None) -> None:
        """Give the order up before it is paid (``by`` None: the system, on expiry).

        Raises:
            IllegalTransitionError: the order is not pending payment.
        """
        reason = self._move(OrderStatus.CANCELLED, by=by, now=now, reason=reason)
        self._record(
            OrderCancelled(
                occurred_at=now,
                order_id=self.id,
                customer_id=self.customer_id,
                by=by,
                reason=reason,
            )
        )

    def expire(self, *, now: datetime) -> None:
        """Cancel an order left unpaid too long, as the system."""
        self.cancel(by=None, now=now, reason=EXPIRY_REASON)

    def ship(self, *, by: UUID | None, now: datetime, reason: str | None = None) -> None:
        """Raises IllegalTransitionError unless the order is paid."""
        self._move(OrderStatus.SHIPPED, by=by, now=now, reason=reason)
        self._record(
            OrderShipped(occurred_at=now, order_id=self.id, customer_id=self.customer_id, by=by)
        )

    def deliver(self, *, by: UUID | None, now: datetime, reason: str | None = None) -> None:
        """Raises IllegalTransitionError unless the order is shipped."""
        self._move(OrderStatus.DELIVERED, by=by, now=now, reason=reason)
        self._record(
            OrderDelivered(occurred_at=now, order_id=self.id, customer_id=self.customer_id, by=by)
        )

    def mark_refunded(
        self, *, reference: str, by: UUID | None, now: datetime, reason: str | None = None
    ) -> Refund:
        """Record that the processor refunded the whole paid amount.

        Raises:
            IllegalTransitionError: the order is not paid (shipped orders are not refunded).
        """
        self.check_can_become(OrderStatus.REFUNDED)
        refund = Refund(amount=self.total, reference=reference, at=now)
        reason = self._move(OrderStatus.REFUNDED, by=by, now=now, reason=reason)
        self.refund = refund
        self._record(
            OrderRefunded(
                occurred_at=now,
                order_id=self.id,
                customer_id=self.customer_id,
                amount=refund.amount,
                by=by,
                reason=reason,
            )
        )
        return refund

    def _move(
        self, status: OrderStatus, *, by: UUID | None, now: datetime, reason: str | None = None
    ) -> str | None:
        self.check_can_become(status)
        reason = check_reason(reason)
        self.history.append(
            StatusChange(from_status=self.status, to_status=status, at=now, by=by, reason=reason)
        )
        self.status = status
        self.updated_at = now
        return reason
