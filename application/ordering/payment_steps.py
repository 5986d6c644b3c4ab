"""Charging an order, as paying it and placing it with a payment method both do."""

from __future__ import annotations

from uuid import UUID

from application.ordering.errors import PaymentDeclinedError, PaymentProcessorUnavailableError
from application.ordering.lookups import own_payment_method, stage_events
from application.ordering.ports import OrderingUnitOfWork, PaymentProcessor
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.ordering.errors import OrderNotFoundError
from domain.ordering.order import Order
from domain.ordering.payments import PaymentAttempt, PaymentOutcome
from domain.ordering.status import OrderStatus
from domain.ordering.values import OrderId


def charge_key(order_id: UUID, attempt_no: int) -> str:
    """The processor's idempotency key of one payment attempt of an order.

    Derived, not random: a payment retried after a crash between the charge and the
    commit gets the same attempt number, so the same key, and the processor answers the
    first charge instead of charging again.
    """
    return f"{order_id}:{attempt_no}"


async def charge_order(
    uow: OrderingUnitOfWork,
    processor: PaymentProcessor,
    clock: Clock,
    *,
    actor: Actor,
    order_id: UUID,
    payment_method_id: UUID,
    placed: Order | None = None,
) -> tuple[Order, PaymentAttempt]:
    """Charge the order's total to one of the actor's methods and record the attempt,
    whatever its outcome; a successful one makes the order paid (OrderPaid, in the outbox).

    The charge runs while the order is locked, so two payments of one order queue, and
    the second finds it paid. Only the order's customer pays it. ``placed``: the order as
    its placing just saved it, used as is unless it changed since.

    Raises:
        OrderNotFoundError: no such order of the actor's.
        IllegalTransitionError: the order is not pending payment (paid already, …).
        PaymentMethodNotFoundError: no such method of the actor's.
    """
    async with uow:
        order = await _locked(uow, OrderId(order_id), placed)
        if order is None or order.customer_id != actor.user_id:
            raise OrderNotFoundError(order_id)
        order.check_can_become(OrderStatus.PAID)
        method = await own_payment_method(uow, payment_method_id, actor)
        result = await processor.charge(
            method.token, order.total, charge_key(order.id, order.next_attempt_no)
        )
        attempt = order.record_payment(
            payment_method_id=method.id,
            outcome=result.outcome,
            reference=result.reference,
            failure_reason=result.failure_reason,
            by=actor.user_id,
            now=clock.now(),
        )
        await uow.orders.save(order)
        await stage_events(uow, order)
        await uow.commit()
    return order, attempt


def raise_unless_paid(order: Order, attempt: PaymentAttempt) -> None:
    """Turn a failed attempt (already recorded) into the error the payer gets.

    Raises:
        PaymentDeclinedError: declined, or insufficient funds.
        PaymentProcessorUnavailableError: the processor failed or timed out.
    """
    if attempt.outcome is PaymentOutcome.SUCCEEDED:
        return
    if attempt.outcome is PaymentOutcome.ERROR:
        raise PaymentProcessorUnavailableError(order.id, attempt_no=attempt.attempt_no)
    raise PaymentDeclinedError(
        order.id,
        attempt_no=attempt.attempt_no,
        outcome=attempt.outcome.value,
        failure_reason=attempt.failure_reason,
    )


async def _locked(uow: OrderingUnitOfWork, order_id: OrderId, placed: Order | None) -> Order | None:
    if (
        placed is not None
        and placed.id == order_id
        and await uow.orders.lock(order_id) == placed.version
    ):
        return placed
    return await uow.orders.get_for_update(order_id)
