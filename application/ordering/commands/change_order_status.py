"""An admin moves a paid order on: ships it, marks it delivered, or refunds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.ordering.errors import PaymentProcessorUnavailableError, RefundRefusedError
from application.ordering.lookups import stage_events, visible_order
from application.ordering.ports import OrderingUnitOfWork, PaymentProcessor, RefundOutcome
from application.ordering.views import OrderView
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.ordering.order import Order
from domain.ordering.status import OrderStatus
from domain.ordering.values import check_reason
from domain.shared.errors import InvalidValueError

ADMIN_STEPS = (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.REFUNDED)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeOrderStatus:
    """``status`` is shipped, delivered or refunded; ``reason`` goes into the history."""

    actor: Actor
    order_id: UUID
    status: str
    reason: str | None = None


def refund_key(order_id: UUID) -> str:
    """The processor's idempotency key of an order's refund: an order is refunded once,
    so a retry after a crash gets the first refund back instead of a second one."""
    return f"{order_id}:refund"


class ChangeOrderStatusHandler:
    """Ship a paid order, deliver a shipped one, or refund a paid one: the processor
    refunds the whole charge first, then the order is refunded and OrderRefunded (in the
    outbox) returns its stock. Cancelling is CancelOrder's business.

    Raises:
        PermissionDeniedError: the actor is not an admin.
        InvalidValueError: a status other than shipped, delivered or refunded; a reason
            longer than 500 characters.
        OrderNotFoundError: no such order.
        IllegalTransitionError: the status machine does not allow the step.
        RefundRefusedError: the processor refused the refund; the order stays paid.
        PaymentProcessorUnavailableError: the processor failed; the order stays paid.
    """

    def __init__(
        self, *, uow: OrderingUnitOfWork, processor: PaymentProcessor, clock: Clock
    ) -> None:
        self._uow = uow
        self._processor = processor
        self._clock = clock

    async def handle(self, command: ChangeOrderStatus) -> OrderView:
        command.actor.require_admin()
        target = _target(command.status)
        reason = check_reason(command.reason)
        by = command.actor.user_id
        async with self._uow:
            order = await visible_order(self._uow, command.order_id, command.actor, for_update=True)
            now = self._clock.now()
            if target is OrderStatus.SHIPPED:
                order.ship(by=by, now=now, reason=reason)
            elif target is OrderStatus.DELIVERED:
                order.deliver(by=by, now=now, reason=reason)
            else:
                await self._refund(order, by=by, now=now, reason=reason)
            await self._uow.orders.save(order)
            await stage_events(self._uow, order)
            await self._uow.commit()
        return OrderView.of(order)

    async def _refund(self, order: Order, *, by: UUID, now: datetime, reason: str | None) -> None:
        order.check_can_become(OrderStatus.REFUNDED)
        payment = order.successful_payment
        if payment is None or payment.reference is None:
            raise RefundRefusedError(order.id, "no_successful_charge")
        result = await self._processor.refund(
            payment.reference, payment.amount, refund_key(order.id)
        )
        if result.outcome is RefundOutcome.ERROR:
            raise PaymentProcessorUnavailableError(order.id)
        if result.outcome is RefundOutcome.REFUSED or result.reference is None:
            raise RefundRefusedError(order.id, result.failure_reason)
        order.mark_refunded(reference=result.reference, by=by, now=now, reason=reason)


def _target(raw: str) -> OrderStatus:
    for step in ADMIN_STEPS:
        if raw == step.value:
            return step
    allowed = ", ".join(step.value for step in ADMIN_STEPS)
    raise InvalidValueError("status", f"must be one of: {allowed}")
