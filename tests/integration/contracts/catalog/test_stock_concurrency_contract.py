"""Stock under concurrent use, for every adapter: never negative, never counted twice.

These drive the real reservation handlers over the adapter under test, many tasks at once,
so they check the locking the ports promise rather than any one method.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from uuid import UUID

from application.catalog.commands.commit_reservation import (
    CommitReservation,
    CommitReservationHandler,
)
from application.catalog.commands.release_reservation import (
    ReleaseReservation,
    ReleaseReservationHandler,
)
from application.catalog.commands.reserve_stock import (
    ReserveLine,
    ReserveStock,
    ReserveStockHandler,
)
from application.catalog.views import ReservationView
from domain.catalog.errors import IllegalReservationTransitionError, ShortStockError
from domain.catalog.reservation import ReservationStatus
from domain.catalog.stock import StockMovementReason
from domain.catalog.values import OrderId, ProductId
from tests.builders.catalog import a_category, a_product, an_order_id
from tests.integration.contracts.catalog.conftest import Given, NewUnitOfWork, Receive
from tests.support.clock import FixedClock

UNITS = 50
BUYERS = 200


async def _stocked_product(given: Given, receive: Receive, units: int) -> ProductId:
    category = a_category()
    product = a_product(category)
    await given(category, product)
    await receive(product.id, units)
    return product.id


def _reserver(
    new_uow: NewUnitOfWork, clock: FixedClock
) -> Callable[[OrderId, list[tuple[UUID, int]]], Awaitable[ReservationView | None]]:
    async def reserve(order: OrderId, lines: list[tuple[UUID, int]]) -> ReservationView | None:
        """The reservation, or None when stock was short."""
        handler = ReserveStockHandler(uow=new_uow(), clock=clock)
        try:
            return await handler.handle(
                ReserveStock(
                    order_id=order,
                    lines=[ReserveLine(product_id=pid, quantity=qty) for pid, qty in lines],
                )
            )
        except ShortStockError:
            return None

    return reserve


async def test_exactly_the_units_on_hand_are_reserved_when_many_buyers_reserve_at_once(
    new_uow: NewUnitOfWork, given: Given, receive: Receive, clock: FixedClock
) -> None:
    product_id = await _stocked_product(given, receive, UNITS)
    reserve = _reserver(new_uow, clock)
    orders = [an_order_id() for _ in range(BUYERS)]

    outcomes = await asyncio.gather(*(reserve(order, [(product_id, 1)]) for order in orders))

    winners = [order for order, outcome in zip(orders, outcomes, strict=True) if outcome]
    assert len(winners) == UNITS
    async with new_uow() as uow:
        level = await uow.stock.get(product_id)
        ledger = await uow.movements.list_for_product(product_id, before=None, limit=BUYERS + 10)
        held = [await uow.reservations.get(order) for order in orders]
    assert level is not None
    assert (level.on_hand, level.reserved, level.available) == (UNITS, UNITS, 0)
    reserve_moves = [m for m in ledger if m.reason is StockMovementReason.RESERVE]
    assert sorted(str(m.order_id) for m in reserve_moves) == sorted(str(w) for w in winners)
    assert [m.sequence for m in ledger] == list(range(UNITS + 1, 0, -1))
    assert {r.order_id for r in held if r is not None} == set(winners)
    assert all(r.status is ReservationStatus.HELD for r in held if r is not None)


async def test_one_order_is_reserved_once_when_its_reservation_is_sent_many_times_at_once(
    new_uow: NewUnitOfWork, given: Given, receive: Receive, clock: FixedClock
) -> None:
    first = await _stocked_product(given, receive, 10)
    second = await _stocked_product(given, receive, 10)
    reserve = _reserver(new_uow, clock)
    order = an_order_id()

    outcomes = await asyncio.gather(*(reserve(order, [(first, 2), (second, 3)]) for _ in range(20)))

    assert all(outcome == outcomes[0] for outcome in outcomes)
    async with new_uow() as uow:
        levels = await uow.stock.get_for_update([first, second])
    assert (levels[first].reserved, levels[second].reserved) == (2, 3)


async def test_overlapping_orders_never_oversell_when_reserving_in_opposite_line_orders(
    new_uow: NewUnitOfWork, given: Given, receive: Receive, clock: FixedClock
) -> None:
    a = await _stocked_product(given, receive, 30)
    b = await _stocked_product(given, receive, 30)
    reserve = _reserver(new_uow, clock)

    outcomes = await asyncio.gather(
        *(
            reserve(an_order_id(), [(a, 1), (b, 2)] if n % 2 else [(b, 2), (a, 1)])
            for n in range(40)
        )
    )

    won = sum(1 for outcome in outcomes if outcome)
    assert won == 15
    async with new_uow() as uow:
        levels = await uow.stock.get_for_update([a, b])
    assert (levels[a].reserved, levels[b].reserved) == (15, 30)


async def test_exactly_one_of_commit_and_release_applies_when_both_race_on_one_order(
    new_uow: NewUnitOfWork, given: Given, receive: Receive, clock: FixedClock
) -> None:
    product_id = await _stocked_product(given, receive, 5)
    order = an_order_id()
    await _reserver(new_uow, clock)(order, [(product_id, 2)])

    async def commit() -> str:
        handler = CommitReservationHandler(uow=new_uow(), clock=clock)
        try:
            return (await handler.handle(CommitReservation(order_id=order))).status
        except IllegalReservationTransitionError:
            return "refused"

    async def release() -> str:
        handler = ReleaseReservationHandler(uow=new_uow(), clock=clock)
        try:
            return (await handler.handle(ReleaseReservation(order_id=order))).status
        except IllegalReservationTransitionError:
            return "refused"

    outcomes = list(await asyncio.gather(commit(), release(), commit(), release()))

    async with new_uow() as uow:
        level = await uow.stock.get(product_id)
    assert level is not None
    if outcomes[0] == "committed":
        assert outcomes == ["committed", "refused", "committed", "refused"]
        assert (level.on_hand, level.reserved) == (3, 0)
    else:
        assert outcomes == ["refused", "released", "refused", "released"]
        assert (level.on_hand, level.reserved) == (5, 0)
