"""The OrderingUnitOfWork contract, for every adapter."""

from __future__ import annotations

import pytest

from domain.ordering.order import Order
from tests.builders.ordering import a_customer_id, a_payment_method, an_order
from tests.integration.contracts.ordering.conftest import NewUnitOfWork


class _BoomError(Exception):
    pass


async def _order_exists(new_uow: NewUnitOfWork, order: Order) -> bool:
    async with new_uow() as uow:
        return await uow.orders.get(order.id) is not None


async def test_changes_are_visible_to_later_units_of_work_when_committed(
    new_uow: NewUnitOfWork,
) -> None:
    order = an_order()
    method = a_payment_method(a_customer_id(), is_default=True)

    async with new_uow() as uow:
        await uow.orders.add(order)
        await uow.payment_methods.add(method)
        await uow.commit()

    assert await _order_exists(new_uow, order)
    async with new_uow() as uow:
        assert await uow.payment_methods.get(method.id) is not None


async def test_changes_are_discarded_when_the_block_ends_without_commit(
    new_uow: NewUnitOfWork,
) -> None:
    order = an_order()

    async with new_uow() as uow:
        await uow.orders.add(order)

    assert not await _order_exists(new_uow, order)


async def test_changes_are_discarded_when_the_block_raises_before_commit(
    new_uow: NewUnitOfWork,
) -> None:
    order = an_order()

    async def add_then_fail() -> None:
        async with new_uow() as uow:
            await uow.orders.add(order)
            raise _BoomError

    with pytest.raises(_BoomError):
        await add_then_fail()

    assert not await _order_exists(new_uow, order)


async def test_both_transactions_commit_when_one_unit_of_work_serves_them_in_turn(
    new_uow: NewUnitOfWork,
) -> None:
    uow = new_uow()
    first, second = an_order(), an_order()

    async with uow:
        await uow.orders.add(first)
        await uow.commit()
    async with uow:
        await uow.orders.add(second)
        await uow.commit()

    assert await _order_exists(new_uow, first)
    assert await _order_exists(new_uow, second)
