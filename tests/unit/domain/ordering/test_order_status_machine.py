"""No sequence of commands takes an order outside its status machine or its invariants."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.ordering.errors import IllegalTransitionError
from domain.ordering.order import Order
from domain.ordering.payments import PaymentOutcome
from domain.ordering.status import TRANSITIONS, OrderStatus
from domain.ordering.values import PaymentMethodId
from tests.builders.ordering import an_order, later

PENDING, PAID, SHIPPED = OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.SHIPPED
DELIVERED, CANCELLED, REFUNDED = OrderStatus.DELIVERED, OrderStatus.CANCELLED, OrderStatus.REFUNDED

# The table the tests hold the model to, written out independently of the model's own.
ALLOWED = {
    (PENDING, PAID),
    (PENDING, CANCELLED),
    (PAID, SHIPPED),
    (PAID, REFUNDED),
    (SHIPPED, DELIVERED),
}
EVER_PAID = {PAID, SHIPPED, DELIVERED, REFUNDED}

Command = Callable[[Order, int], None]


def _pay(outcome: PaymentOutcome) -> Command:
    def pay(order: Order, minute: int) -> None:
        order.record_payment(
            payment_method_id=PaymentMethodId(uuid4()),
            outcome=outcome,
            reference=f"ch_{minute}",
            failure_reason=None,
            by=order.customer_id,
            now=later(minutes=minute),
        )

    return pay


def _cancel(order: Order, minute: int) -> None:
    order.cancel(by=order.customer_id, now=later(minutes=minute))


def _expire(order: Order, minute: int) -> None:
    order.expire(now=later(minutes=minute))


def _ship(order: Order, minute: int) -> None:
    order.ship(by=uuid4(), now=later(minutes=minute))


def _deliver(order: Order, minute: int) -> None:
    order.deliver(by=uuid4(), now=later(minutes=minute))


def _refund(order: Order, minute: int) -> None:
    order.mark_refunded(reference=f"re_{minute}", by=uuid4(), now=later(minutes=minute))


COMMANDS: list[Command] = [
    _pay(PaymentOutcome.SUCCEEDED),
    _pay(PaymentOutcome.DECLINED),
    _pay(PaymentOutcome.ERROR),
    _cancel,
    _expire,
    _ship,
    _deliver,
    _refund,
]


def test_the_model_allows_exactly_the_documented_steps_when_its_table_is_read() -> None:
    table = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}

    assert table == ALLOWED


def _check(order: Order) -> None:
    assert order.history[0].from_status is None
    for before, after in zip(order.history, order.history[1:], strict=False):
        assert after.from_status is before.to_status
        assert (after.from_status, after.to_status) in ALLOWED
        assert before.at <= after.at
    assert order.history[-1].to_status is order.status
    successes = [attempt for attempt in order.payments if attempt.succeeded]
    assert len(successes) == (1 if order.status in EVER_PAID else 0)
    assert [a.attempt_no for a in order.payments] == list(range(1, len(order.payments) + 1))
    assert all(attempt.amount == order.total for attempt in order.payments)
    assert (order.refund is not None) == (order.status is REFUNDED)
    assert order.total.amount == sum(line.total.amount for line in order.lines)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(COMMANDS), max_size=25))
def test_the_order_stays_valid_when_any_sequence_of_commands_runs(
    commands: list[Command],
) -> None:
    order = an_order()

    for minute, command in enumerate(commands, start=1):
        before = (order.status, len(order.history), len(order.payments))
        try:
            command(order, minute)
        except IllegalTransitionError:
            assert (order.status, len(order.history), len(order.payments)) == before
        _check(order)


@given(st.lists(st.sampled_from(COMMANDS), max_size=25))
def test_an_event_is_recorded_for_every_status_change_when_commands_run(
    commands: list[Command],
) -> None:
    order = an_order()

    for minute, command in enumerate(commands, start=1):
        with contextlib.suppress(IllegalTransitionError):
            command(order, minute)

    assert len(order.pull_events()) == len(order.history) - 1
