"""Ordering returns the stock of a refunded order: its units are on hand again."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.reservation_steps import take_step
from application.catalog.views import ReservationView
from application.shared.ports import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnStock:
    order_id: UUID


class ReturnStockHandler:
    """Put a committed order's units back on hand (and available): the order was refunded.

    A system operation of the ordering context, not exposed to customers. Idempotent per
    order: returning a returned reservation changes nothing and answers it as it stands.

    Raises:
        ReservationNotFoundError: the order has no reservation.
        IllegalReservationTransitionError: the reservation is still held or was released,
            so no stock left.
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: ReturnStock) -> ReservationView:
        return await take_step(
            self._uow,
            command.order_id,
            lambda reservation, levels, now: reservation.return_stock(levels, now=now),
            now=self._clock.now(),
        )
