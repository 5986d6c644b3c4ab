"""The common course of the steps of an existing reservation: commit, release, return."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import ReservationView
from domain.catalog.errors import (
    IllegalReservationTransitionError,
    ReservationNotFoundError,
)
from domain.catalog.reservation import Reservation
from domain.catalog.stock import StockLevel, StockMovement
from domain.catalog.values import OrderId, ProductId

Step = Callable[[Reservation, Mapping[ProductId, StockLevel], datetime], list[StockMovement]]


async def take_step(
    uow: CatalogUnitOfWork, order_id: UUID, step: Step, *, now: datetime
) -> ReservationView:
    """Lock the order's reservation, then its stock rows; apply ``step``; save what changed.

    A step that already happened makes no movements and nothing is written.

    Raises:
        ReservationNotFoundError: the order has no reservation.
        IllegalReservationTransitionError: the reservation's status forbids the step.
    """
    async with uow:
        reservation = await uow.reservations.get_for_update(OrderId(order_id))
        if reservation is None:
            raise ReservationNotFoundError(order_id)
        levels = await uow.stock.get_for_update(reservation.product_ids)
        movements = step(reservation, levels, now)
        if movements:
            await uow.stock.save_many(list(levels.values()))
            await uow.movements.append(movements)
            await uow.reservations.save(reservation)
            await uow.commit()
    return ReservationView.of(reservation)


@dataclass(frozen=True, slots=True, kw_only=True)
class StepsTaken:
    """What a step over several orders did: each order's reservation as it now stands,
    and the orders it could never apply to, each with the error that says why."""

    reservations: dict[UUID, ReservationView]
    refused: dict[UUID, ReservationNotFoundError | IllegalReservationTransitionError]


async def take_steps(
    uow: CatalogUnitOfWork, order_ids: Collection[UUID], step: Step, *, now: datetime
) -> StepsTaken:
    """``take_step`` for many orders in one transaction: their reservations locked in
    order id order, then the stock rows of all of them, each level written once.

    An order without a reservation, or whose reservation cannot take the step, is left
    out and reported in ``refused``; the others are saved. A concurrent change
    (ConcurrentUpdateError) fails them all, and nothing is written.
    """
    refused: dict[UUID, ReservationNotFoundError | IllegalReservationTransitionError] = {}
    async with uow:
        found = await uow.reservations.get_many_for_update([OrderId(i) for i in order_ids])
        product_ids = {p for reservation in found.values() for p in reservation.product_ids}
        levels = await uow.stock.get_for_update(product_ids)
        changed: list[Reservation] = []
        movements: list[StockMovement] = []
        for order_id in dict.fromkeys(order_ids):
            reservation = found.get(OrderId(order_id))
            if reservation is None or any(p not in levels for p in reservation.product_ids):
                refused[order_id] = ReservationNotFoundError(order_id)
                continue
            try:
                moved = step(reservation, levels, now)
            except IllegalReservationTransitionError as error:
                refused[order_id] = error
                continue
            if moved:
                changed.append(reservation)
                movements += moved
        if changed:
            touched = {movement.product_id for movement in movements}
            await uow.stock.save_many([levels[p] for p in sorted(touched)])
            await uow.movements.append(movements)
            await uow.reservations.save_many(changed)
            await uow.commit()
    return StepsTaken(
        reservations={
            order_id: ReservationView.of(reservation)
            for order_id, reservation in found.items()
            if order_id not in refused
        },
        refused=refused,
    )
