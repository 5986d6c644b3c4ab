"""The common course of the steps of an existing reservation: commit, release, return."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import ReservationView
from domain.catalog.errors import ReservationNotFoundError
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
            for level in levels.values():
                await uow.stock.save(level)
            await uow.movements.append(movements)
            await uow.reservations.save(reservation)
            await uow.commit()
    return ReservationView.of(reservation)
