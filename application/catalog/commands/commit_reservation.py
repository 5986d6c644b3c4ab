"""Ordering commits an order's reservation: the reserved units leave stock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.reservation_steps import StepsTaken, take_step, take_steps
from application.catalog.views import ReservationView
from application.shared.ports import Clock
from domain.catalog.reservation import Reservation
from domain.catalog.stock import StockLevel, StockMovement
from domain.catalog.values import ProductId


@dataclass(frozen=True, slots=True, kw_only=True)
class CommitReservation:
    order_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class CommitReservations:
    """The reservations of several paid orders, committed in one transaction (the relay
    hands them over in batches)."""

    order_ids: Sequence[UUID]


class CommitReservationHandler:
    """Turn held units into shipped ones: on hand and reserved both drop by each line.

    A system operation of the ordering context (the order was paid), not exposed to
    customers. Idempotent: committing a committed (or since returned) reservation
    changes nothing and answers it as it stands.

    ``handle_many`` commits several orders' reservations at once, with the same rules per
    order; it raises nothing for one order it cannot commit, but reports it in
    ``refused`` (no reservation, or a released one) and commits the others.

    Raises:
        ReservationNotFoundError: the order has no reservation.
        IllegalReservationTransitionError: the reservation was released.
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: CommitReservation) -> ReservationView:
        return await take_step(self._uow, command.order_id, _commit, now=self._clock.now())

    async def handle_many(self, command: CommitReservations) -> StepsTaken:
        return await take_steps(self._uow, command.order_ids, _commit, now=self._clock.now())


def _commit(
    reservation: Reservation, levels: Mapping[ProductId, StockLevel], now: datetime
) -> list[StockMovement]:
    return reservation.commit(levels, now=now)
