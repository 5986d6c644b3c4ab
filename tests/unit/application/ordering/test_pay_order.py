"""Paying orders: each test card's outcome, attempts recorded, never charged twice."""

from __future__ import annotations

from uuid import UUID

import pytest

from adapters.outbound.persistence.memory.ordering import InMemoryOrderingUnitOfWork
from application.ordering.commands.pay_order import PayOrder, PayOrderHandler
from application.ordering.errors import PaymentDeclinedError, PaymentProcessorUnavailableError
from application.ordering.queries.get_order import GetOrder, GetOrderHandler
from application.ordering.views import OrderView
from application.shared.actor import Actor
from application.shared.errors import DependencyUnavailableError
from domain.ordering.errors import (
    IllegalTransitionError,
    OrderNotFoundError,
    PaymentMethodNotFoundError,
)
from tests.builders.ordering import (
    DECLINED_CARD,
    INSUFFICIENT_FUNDS_CARD,
    PROCESSOR_ERROR_CARD,
    SLOW_CARD,
    SUCCEEDING_CARD,
)
from tests.builders.ordering_world import PROCESSOR_TIMEOUT, OrderingWorld


async def _pending_order(
    world: OrderingWorld, actor: Actor, *, stock: int = 5
) -> tuple[OrderView, UUID]:
    product = await world.a_product(stock=stock, price_cents=1250)
    return await world.place(actor, (product.id, 2)), product.id


async def _pay(world: OrderingWorld, actor: Actor, order_id: UUID, method_id: UUID) -> OrderView:
    return await world.handler(PayOrderHandler).handle(
        PayOrder(actor=actor, order_id=order_id, payment_method_id=method_id)
    )


async def _order(world: OrderingWorld, actor: Actor, order_id: UUID) -> OrderView:
    return await world.handler(GetOrderHandler).handle(GetOrder(actor=actor, order_id=order_id))


async def test_pay_makes_the_order_paid_and_commits_its_stock_when_the_card_succeeds() -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, product_id = await _pending_order(world, actor)
    card = await world.a_card_on_file(actor, SUCCEEDING_CARD)

    paid = await _pay(world, actor, order.id, card.id)

    assert paid.status == "paid"
    [attempt] = paid.payments
    assert (attempt.attempt_no, attempt.outcome, attempt.amount_cents, attempt.currency) == (
        1,
        "succeeded",
        2500,
        "EUR",
    )
    assert attempt.reference is not None
    assert attempt.reference.startswith("ch_sandbox_")
    assert [charge.idempotency_key for charge in world.processor.charges] == [f"{order.id}:1"]
    assert await world.stock(product_id) == (5, 2, 3)
    await world.relay()
    assert await world.stock(product_id) == (3, 0, 3)


@pytest.mark.parametrize("method", ["bank_account", "wallet"])
async def test_pay_succeeds_when_the_method_is_a_bank_account_or_a_wallet(method: str) -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, _ = await _pending_order(world, actor)
    on_file = (
        await world.a_bank_account_on_file(actor)
        if method == "bank_account"
        else await world.a_wallet_on_file(actor)
    )

    paid = await _pay(world, actor, order.id, on_file.id)

    assert paid.status == "paid"


@pytest.mark.parametrize(
    ("card", "outcome", "reason"),
    [
        (DECLINED_CARD, "declined", "card_declined"),
        (INSUFFICIENT_FUNDS_CARD, "insufficient_funds", "insufficient_funds"),
    ],
)
async def test_pay_raises_declined_and_records_the_attempt_when_the_card_is_refused(
    card: str, outcome: str, reason: str
) -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, product_id = await _pending_order(world, actor)
    method = await world.a_card_on_file(actor, card)

    with pytest.raises(PaymentDeclinedError) as caught:
        await _pay(world, actor, order.id, method.id)

    assert caught.value.extensions() == {
        "order_id": str(order.id),
        "attempt_no": 1,
        "outcome": outcome,
        "failure_reason": reason,
    }
    stored = await _order(world, actor, order.id)
    assert stored.status == "pending_payment"
    assert [(p.outcome, p.failure_reason, p.reference) for p in stored.payments] == [
        (outcome, reason, None)
    ]
    assert world.processor.charges == []
    assert await world.stock(product_id) == (5, 2, 3)


async def test_pay_raises_processor_unavailable_and_records_an_error_when_the_processor_fails() -> (
    None
):
    world = OrderingWorld()
    actor = world.customer()
    order, _ = await _pending_order(world, actor)
    method = await world.a_card_on_file(actor, PROCESSOR_ERROR_CARD)

    with pytest.raises(PaymentProcessorUnavailableError) as caught:
        await _pay(world, actor, order.id, method.id)

    assert isinstance(caught.value, DependencyUnavailableError)
    stored = await _order(world, actor, order.id)
    assert (stored.status, stored.payments[0].outcome, stored.payments[0].failure_reason) == (
        "pending_payment",
        "error",
        "processor_error",
    )


async def test_pay_records_a_timeout_after_the_processor_timeout_when_the_card_is_slow() -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, _ = await _pending_order(world, actor)
    method = await world.a_card_on_file(actor, SLOW_CARD)

    with pytest.raises(PaymentProcessorUnavailableError):
        await _pay(world, actor, order.id, method.id)

    assert world.sleeps == [PROCESSOR_TIMEOUT]
    stored = await _order(world, actor, order.id)
    assert (stored.status, stored.payments[0].failure_reason) == ("pending_payment", "timeout")
    assert world.processor.charges == []


async def test_pay_charges_with_a_new_attempt_and_key_when_an_earlier_attempt_failed() -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, _ = await _pending_order(world, actor)
    declined = await world.a_card_on_file(actor, DECLINED_CARD)
    good = await world.a_card_on_file(actor, SUCCEEDING_CARD)
    with pytest.raises(PaymentDeclinedError):
        await _pay(world, actor, order.id, declined.id)

    paid = await _pay(world, actor, order.id, good.id)

    assert [(p.attempt_no, p.outcome) for p in paid.payments] == [
        (1, "declined"),
        (2, "succeeded"),
    ]
    assert [charge.idempotency_key for charge in world.processor.charges] == [f"{order.id}:2"]


async def test_pay_raises_illegal_transition_and_charges_nothing_when_already_paid() -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, _ = await _pending_order(world, actor)
    card = await world.a_card_on_file(actor)
    await _pay(world, actor, order.id, card.id)

    with pytest.raises(IllegalTransitionError) as caught:
        await _pay(world, actor, order.id, card.id)

    assert caught.value.code == "illegal-order-transition"
    assert len(world.processor.charges) == 1


class _CrashAtCommitUnitOfWork(InMemoryOrderingUnitOfWork):
    """The process dies between the processor's answer and the commit."""

    async def commit(self) -> None:
        raise DependencyUnavailableError("the ordering database")


async def test_a_retried_payment_charges_once_when_the_first_run_crashed_before_commit() -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, _ = await _pending_order(world, actor)
    card = await world.a_card_on_file(actor)
    crashing = PayOrderHandler(
        uow=_CrashAtCommitUnitOfWork(world.store), processor=world.processor, clock=world.clock
    )
    with pytest.raises(DependencyUnavailableError):
        await crashing.handle(PayOrder(actor=actor, order_id=order.id, payment_method_id=card.id))

    paid = await _pay(world, actor, order.id, card.id)

    assert paid.status == "paid"
    [charge] = world.processor.charges
    assert paid.payments[0].reference == charge.reference


async def test_pay_raises_order_not_found_when_the_order_is_another_customers() -> None:
    world = OrderingWorld()
    owner = world.customer()
    order, _ = await _pending_order(world, owner)
    intruder = world.customer()
    card = await world.a_card_on_file(intruder)

    with pytest.raises(OrderNotFoundError):
        await _pay(world, intruder, order.id, card.id)

    assert world.processor.charges == []


async def test_pay_raises_method_not_found_when_the_method_is_another_customers() -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, _ = await _pending_order(world, actor)
    theirs = await world.a_card_on_file(world.customer())

    with pytest.raises(PaymentMethodNotFoundError):
        await _pay(world, actor, order.id, theirs.id)

    assert (await _order(world, actor, order.id)).payments == ()
