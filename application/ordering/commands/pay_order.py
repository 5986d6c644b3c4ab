"""A customer pays their pending order with one of their payment methods."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.ordering.payment_steps import charge_order, raise_unless_paid
from application.ordering.ports import OrderingUnitOfWork, PaymentProcessor
from application.ordering.views import OrderView
from application.shared.actor import Actor
from application.shared.ports import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class PayOrder:
    actor: Actor
    order_id: UUID
    payment_method_id: UUID


class PayOrderHandler:
    """Charge the order's total and record the attempt; success makes the order paid,
    and OrderPaid (in the outbox) commits its stock.

    Each attempt charges under its own idempotency key, ``<order id>:<attempt no>``, so
    a retry after a crash cannot charge twice; an order that is paid already is refused
    without a charge. A failed attempt stays recorded and the order stays payable.

    Raises:
        OrderNotFoundError: no such order of the actor's (only its customer pays it).
        IllegalTransitionError: the order is not pending payment (paid, cancelled, …).
        PaymentMethodNotFoundError: no such method of the actor's.
        PaymentDeclinedError: the charge was declined (outcome declined or
            insufficient_funds); the attempt is recorded.
        PaymentProcessorUnavailableError: the processor failed or timed out; the
            attempt is recorded as an error.
    """

    def __init__(
        self, *, uow: OrderingUnitOfWork, processor: PaymentProcessor, clock: Clock
    ) -> None:
        self._uow = uow
        self._processor = processor
        self._clock = clock

    async def handle(self, command: PayOrder) -> OrderView:
        order, attempt = await charge_order(
            self._uow,
            self._processor,
            self._clock,
            actor=command.actor,
            order_id=command.order_id,
            payment_method_id=command.payment_method_id,
        )
        raise_unless_paid(order, attempt)
        return OrderView.of(order)
