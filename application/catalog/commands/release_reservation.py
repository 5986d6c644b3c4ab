"""Ordering releases an order's reservation: the held units are available again."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.reservation_steps import take_step
from application.catalog.views import ReservationView
from application.shared.ports import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseReservation:
    order_id: UUID


class ReleaseReservationHandler:
    """Give held units back: reserved drops by each line, on hand stays.

    A system operation of the ordering context (the order was cancelled or expired), not
    exposed to customers. Idempotent: releasing a released reservation changes nothing
    and answers it as it stands.

    Raises:
        ReservationNotFoundError: the order has no reservation.
        IllegalReservationTransitionError: the reservation was committed; a refund
            returns its stock instead (ReturnStock).
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: ReleaseReservation) -> ReservationView:
        return await take_step(
            self._uow,
            command.order_id,
            lambda reservation, levels, now: reservation.release(levels, now=now),
            now=self._clock.now(),
        )
