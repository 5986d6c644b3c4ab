"""The OrderRepository contract, for every adapter."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest

from application.ordering.ports import OrderFilter
from application.shared.pagination import TimeCursor
from domain.ordering.errors import IllegalTransitionError
from domain.ordering.order import Order
from domain.ordering.payments import PaymentOutcome
from domain.ordering.status import OrderStatus
from domain.ordering.values import CustomerId, OrderId, PaymentMethodId
from domain.shared.errors import ConcurrentUpdateError, ConflictError
from tests.builders.ordering import a_customer_id, a_line, a_paid_order, an_order, later
from tests.integration.contracts.ordering.conftest import CONCURRENT_TASKS, Given, NewUnitOfWork


def _fields(order: Order) -> dict[str, object]:
    return {name: getattr(order, name) for name in Order.__slots__}


async def _listed(
    new_uow: NewUnitOfWork,
    order_filter: OrderFilter,
    *,
    after: TimeCursor | None = None,
    limit: int = 100,
) -> list[OrderId]:
    async with new_uow() as uow:
        return [order.id for order in await uow.orders.list(order_filter, after=after, limit=limit)]


async def test_get_returns_none_when_the_order_is_unknown(new_uow: NewUnitOfWork) -> None:
    async with new_uow() as uow:
        assert await uow.orders.get(OrderId(uuid4())) is None
        assert await uow.orders.get_for_update(OrderId(uuid4())) is None


async def test_get_returns_the_added_order_whole_when_it_was_committed(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    order = an_order(lines=[a_line(price=999, quantity=3), a_line(currency="EUR")])
    paid = a_paid_order()
    await given(order, paid)

    async with new_uow() as uow:
        found = await uow.orders.get(order.id)
        locked = await uow.orders.get_for_update(paid.id)

    assert found is not None
    assert locked is not None
    assert _fields(found) == _fields(order)
    assert _fields(locked) == _fields(paid)
    assert found.pull_events() == []


async def test_add_raises_conflict_when_the_id_exists(new_uow: NewUnitOfWork, given: Given) -> None:
    order = an_order()
    await given(order)

    async with new_uow() as uow:
        with pytest.raises(ConflictError):
            await uow.orders.add(order)


async def test_save_writes_the_steps_and_increments_the_version_when_current(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    order = a_paid_order()
    await given(order)

    async with new_uow() as uow:
        loaded = await uow.orders.get_for_update(order.id)
        assert loaded is not None
        loaded.mark_refunded(reference="re_1", by=uuid4(), now=later(days=1), reason="broken")
        await uow.orders.save(loaded)
        await uow.commit()

    async with new_uow() as uow:
        stored = await uow.orders.get(order.id)
    assert stored is not None
    assert _fields(stored) == _fields(loaded)
    assert (stored.status, stored.version, len(stored.history)) == (OrderStatus.REFUNDED, 2, 3)


async def test_save_raises_concurrent_update_when_the_order_changed_since_loaded(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    order = an_order()
    await given(order)
    async with new_uow() as uow:
        stale = await uow.orders.get(order.id)
    async with new_uow() as uow:
        fresh = await uow.orders.get_for_update(order.id)
        assert fresh is not None
        fresh.cancel(by=None, now=later())
        await uow.orders.save(fresh)
        await uow.commit()
    assert stale is not None

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.orders.save(stale)


async def test_save_raises_concurrent_update_when_the_order_was_never_added(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.orders.save(an_order())


async def test_a_returned_order_is_a_copy_when_changed_without_save(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    order = an_order()
    await given(order)

    async with new_uow() as uow:
        loaded = await uow.orders.get(order.id)
        assert loaded is not None
        loaded.cancel(by=None, now=later())
        await uow.commit()

    async with new_uow() as uow:
        stored = await uow.orders.get(order.id)
    assert stored is not None
    assert stored.status is OrderStatus.PENDING_PAYMENT


async def test_list_pages_newest_first_strictly_after_the_cursor_when_a_cursor_is_given(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    customer = a_customer_id()
    orders = [an_order(customer, created_at=later(minutes=minute)) for minute in (1, 2, 2, 3)]
    await given(*orders)
    newest_first = sorted(orders, key=lambda order: (order.created_at, order.id), reverse=True)
    mine = OrderFilter(customer_id=customer)

    first_page = await _listed(new_uow, mine, limit=2)
    cursor = TimeCursor(newest_first[1].created_at, newest_first[1].id)
    second_page = await _listed(new_uow, mine, after=cursor, limit=2)

    assert first_page == [order.id for order in newest_first[:2]]
    assert second_page == [order.id for order in newest_first[2:]]


async def test_list_returns_only_matching_orders_when_filters_are_given(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    customer, other = a_customer_id(), a_customer_id()
    early = an_order(customer, created_at=later(hours=1))
    on_start = an_order(customer, created_at=later(hours=2))
    paid = a_paid_order(customer, created_at=later(hours=3))
    on_end = an_order(customer, created_at=later(hours=4))
    theirs = an_order(other, created_at=later(hours=3))
    await given(early, on_start, paid, on_end, theirs)

    in_range = await _listed(
        new_uow,
        OrderFilter(customer_id=customer, created_from=later(hours=2), created_to=later(hours=4)),
    )
    pending_of_everyone = await _listed(new_uow, OrderFilter(status=OrderStatus.PENDING_PAYMENT))

    assert in_range == [paid.id, on_start.id]
    assert set(pending_of_everyone) == {early.id, on_start.id, on_end.id, theirs.id}


async def test_claim_expired_returns_older_pending_orders_oldest_first_when_some_are_due(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    old = an_order(created_at=later(minutes=1))
    older = an_order(created_at=later(minutes=0))
    at_cutoff = an_order(created_at=later(minutes=10))
    paid = a_paid_order(created_at=later(minutes=0))
    await given(old, older, at_cutoff, paid)

    async with new_uow() as uow:
        claimed = await uow.orders.claim_expired(later(minutes=10), limit=10)
        limited = await uow.orders.claim_expired(later(minutes=10), limit=1)

    assert [order.id for order in claimed] == [older.id, old.id]
    assert [order.id for order in limited] == [older.id]


async def test_only_one_payment_succeeds_when_many_tasks_pay_one_order_at_once(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    order = an_order()
    await given(order)

    async def pay(attempt: int) -> bool:
        async with new_uow() as uow:
            loaded = await uow.orders.get_for_update(order.id)
            assert loaded is not None
            try:
                loaded.record_payment(
                    payment_method_id=PaymentMethodId(uuid4()),
                    outcome=PaymentOutcome.SUCCEEDED,
                    reference=f"ch_{attempt}",
                    failure_reason=None,
                    by=CustomerId(order.customer_id),
                    now=later(seconds=attempt),
                )
            except IllegalTransitionError:
                return False
            await asyncio.sleep(0)  # let the others run into the lock
            await uow.orders.save(loaded)
            await uow.commit()
            return True

    outcomes = await asyncio.gather(*(pay(attempt) for attempt in range(CONCURRENT_TASKS)))

    assert outcomes.count(True) == 1
    async with new_uow() as uow:
        stored = await uow.orders.get(order.id)
    assert stored is not None
    assert [attempt.outcome for attempt in stored.payments] == [PaymentOutcome.SUCCEEDED]


async def test_lock_returns_the_stored_version_or_none_when_asked(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    order = an_order()
    await given(order)

    async with new_uow() as uow:
        version = await uow.orders.lock(order.id)
        unknown = await uow.orders.lock(OrderId(uuid4()))

    assert (version, unknown) == (order.version, None)


async def test_one_payment_succeeds_when_tasks_pay_one_order_holding_it_through_lock(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    order = an_order()
    await given(order)

    async def pay(attempt: int) -> bool:
        async with new_uow() as uow:
            if await uow.orders.lock(order.id) != order.version:
                return False  # changed since: what the caller had in hand is stale
            mine = await uow.orders.get(order.id)
            assert mine is not None
            mine.record_payment(
                payment_method_id=PaymentMethodId(uuid4()),
                outcome=PaymentOutcome.SUCCEEDED,
                reference=f"ch_{attempt}",
                failure_reason=None,
                by=CustomerId(order.customer_id),
                now=later(seconds=attempt),
            )
            await asyncio.sleep(0)  # let the others run into the lock
            await uow.orders.save(mine)
            await uow.commit()
            return True

    outcomes = await asyncio.gather(*(pay(attempt) for attempt in range(CONCURRENT_TASKS)))

    assert outcomes.count(True) == 1
