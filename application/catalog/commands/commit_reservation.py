"""Ordering commits an order's reservation: the reserved units leave stock."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.reservation_steps import take_step
from application.catalog.views import ReservationView
from application.shared.ports import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class CommitReservation:
    order_id: UUID


class CommitReservationHandler:
    """Turn held units into shipped ones: on hand and reserved both drop by each line.

    A system operation of the ordering context (the order was paid), not exposed to
    customers. Idempotent: committing a committed (or since returned) reservation
    changes nothing and answers it as it stands.

    Raises:
        ReservationNotFoundError: the order has no reservation.
        IllegalReservationTransitionError: the reservation was released.
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: CommitReservation) -> ReservationView:
        return await take_step(
            self._uow,
            command.order_id,
            lambda reservation, levels, now: reservation.commit(levels, now=now),
            now=self._clock.now(),
        )
