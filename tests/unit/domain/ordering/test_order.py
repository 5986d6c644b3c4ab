"""The Order aggregate: placing, totals, payments, refunds and the events they record."""

from __future__ import annotations

from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.ordering.errors import DuplicateLineError, IllegalTransitionError, MixedCurrenciesError
from domain.ordering.events import OrderCancelled, OrderPaid, OrderPlaced, OrderRefunded
from domain.ordering.order import Order
from domain.ordering.payments import PaymentOutcome
from domain.ordering.status import OrderStatus, StatusChange
from domain.ordering.values import CustomerId, OrderId, PaymentMethodId
from domain.shared.errors import InvalidValueError
from tests.builders.ordering import T0, a_line, a_paid_order, an_order, later

METHOD = PaymentMethodId(uuid4())


def _place(*lines_args: dict[str, object]) -> Order:
    return Order.place(
        id=OrderId(uuid4()),
        customer_id=CustomerId(uuid4()),
        lines=[a_line(**args) for args in lines_args],  # type: ignore[arg-type]
        now=T0,
    )


def test_the_order_is_pending_with_one_history_entry_and_placed_event_when_placed() -> None:
    order = _place({"price": 1000, "quantity": 2}, {"price": 250})

    assert order.status is OrderStatus.PENDING_PAYMENT
    assert order.history == [
        StatusChange(
            from_status=None, to_status=OrderStatus.PENDING_PAYMENT, at=T0, by=order.customer_id
        )
    ]
    [event] = order.pull_events()
    assert isinstance(event, OrderPlaced)
    assert (event.order_id, event.total.amount, len(event.lines)) == (order.id, 2250, 2)


@given(
    st.lists(st.tuples(st.integers(0, 10_000_000), st.integers(1, 100)), min_size=1, max_size=50)
)
def test_the_total_is_the_sum_of_the_line_totals_when_any_lines_are_placed(
    prices_and_quantities: list[tuple[int, int]],
) -> None:
    lines = [a_line(price=price, quantity=quantity) for price, quantity in prices_and_quantities]

    order = Order.place(id=OrderId(uuid4()), customer_id=CustomerId(uuid4()), lines=lines, now=T0)

    assert order.total.amount == sum(price * qty for price, qty in prices_and_quantities)
    assert order.total.currency == "EUR"


def test_place_raises_mixed_currencies_when_lines_are_priced_in_two() -> None:
    with pytest.raises(MixedCurrenciesError) as caught:
        _place({"currency": "EUR"}, {"currency": "USD"})

    assert caught.value.extensions() == {"currencies": ["EUR", "USD"]}


def test_place_raises_when_there_are_no_lines() -> None:
    with pytest.raises(InvalidValueError):
        Order.place(id=OrderId(uuid4()), customer_id=CustomerId(uuid4()), lines=[], now=T0)


def test_place_raises_duplicate_line_when_a_product_is_on_two_lines() -> None:
    product = uuid4()

    with pytest.raises(DuplicateLineError):
        _place({"product_id": product}, {"product_id": product})


def test_the_order_is_paid_and_records_paid_when_a_payment_succeeds() -> None:
    order = an_order()

    attempt = order.record_payment(
        payment_method_id=METHOD,
        outcome=PaymentOutcome.SUCCEEDED,
        reference="ch_1",
        failure_reason=None,
        by=order.customer_id,
        now=later(minutes=1),
    )

    assert order.status is OrderStatus.PAID
    assert (attempt.attempt_no, attempt.amount, attempt.reference) == (1, order.total, "ch_1")
    assert order.history[-1].from_status is OrderStatus.PENDING_PAYMENT
    [event] = order.pull_events()
    assert isinstance(event, OrderPaid)
    assert (event.amount, event.attempt_no) == (order.total, 1)


@pytest.mark.parametrize(
    "outcome",
    [PaymentOutcome.DECLINED, PaymentOutcome.INSUFFICIENT_FUNDS, PaymentOutcome.ERROR],
)
def test_the_attempt_is_recorded_and_the_order_stays_payable_when_a_payment_fails(
    outcome: PaymentOutcome,
) -> None:
    order = an_order()

    order.record_payment(
        payment_method_id=METHOD,
        outcome=outcome,
        reference=None,
        failure_reason="nope",
        by=order.customer_id,
        now=later(),
    )

    assert order.status is OrderStatus.PENDING_PAYMENT
    assert [(a.attempt_no, a.outcome, a.failure_reason) for a in order.payments] == [
        (1, outcome, "nope")
    ]
    assert order.next_attempt_no == 2
    assert order.pull_events() == []


def test_record_payment_raises_illegal_transition_when_the_order_is_paid() -> None:
    order = a_paid_order()

    with pytest.raises(IllegalTransitionError) as caught:
        order.record_payment(
            payment_method_id=METHOD,
            outcome=PaymentOutcome.SUCCEEDED,
            reference="ch_2",
            failure_reason=None,
            by=order.customer_id,
            now=later(),
        )

    assert caught.value.code == "illegal-order-transition"
    assert len(order.payments) == 1


def test_record_payment_raises_when_a_success_has_no_reference() -> None:
    order = an_order()

    with pytest.raises(InvalidValueError):
        order.record_payment(
            payment_method_id=METHOD,
            outcome=PaymentOutcome.SUCCEEDED,
            reference=None,
            failure_reason=None,
            by=None,
            now=later(),
        )


def test_the_order_is_cancelled_by_the_system_with_reason_expired_when_it_expires() -> None:
    order = an_order()

    order.expire(now=later(days=1))

    assert order.status is OrderStatus.CANCELLED
    assert (order.history[-1].by, order.history[-1].reason) == (None, "expired")
    [event] = order.pull_events()
    assert isinstance(event, OrderCancelled)
    assert (event.by, event.reason) == (None, "expired")


def test_mark_refunded_records_the_refund_of_the_whole_total_when_paid() -> None:
    order = a_paid_order()
    admin = uuid4()

    refund = order.mark_refunded(reference="re_1", by=admin, now=later(days=2), reason="damaged")

    assert order.status is OrderStatus.REFUNDED
    assert order.refund == refund
    assert (refund.amount, refund.reference) == (order.total, "re_1")
    assert (order.history[-1].by, order.history[-1].reason) == (admin, "damaged")
    [event] = order.pull_events()
    assert isinstance(event, OrderRefunded)


def test_a_reason_is_squeezed_and_bounded_when_given() -> None:
    order = an_order()

    with pytest.raises(InvalidValueError) as caught:
        order.cancel(by=order.customer_id, now=later(), reason="x" * 501)

    assert caught.value.field == "reason"
    assert order.status is OrderStatus.PENDING_PAYMENT
