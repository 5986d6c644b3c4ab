"""Reservations in memory, unique by order like the PostgreSQL table."""

from __future__ import annotations

from collections.abc import Collection

from adapters.outbound.persistence.memory.catalog.store import PRODUCTS, RESERVATIONS
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.catalog.ports import ReservationRepository
from domain.catalog.errors import ProductNotFoundError, ReservationMismatchError
from domain.catalog.reservation import Reservation
from domain.catalog.values import OrderId, ProductId
from domain.shared.errors import ConcurrentUpdateError


class InMemoryReservationRepository(ReservationRepository):
    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def add(self, reservation: Reservation) -> None:
        if self._tx.exists(RESERVATIONS, reservation.order_id):
            raise ReservationMismatchError(reservation.order_id)
        for product_id in reservation.product_ids:
            if not self._tx.exists(PRODUCTS, product_id):
                raise ProductNotFoundError(product_id)
        self._tx.put(RESERVATIONS, reservation.order_id, reservation)

    async def get(self, order_id: OrderId) -> Reservation | None:
        return self._tx.get(RESERVATIONS, order_id)

    async def get_for_update(self, order_id: OrderId) -> Reservation | None:
        return self._tx.get(RESERVATIONS, order_id)

    async def get_many_for_update(
        self, order_ids: Collection[OrderId]
    ) -> dict[OrderId, Reservation]:
        found: dict[OrderId, Reservation] = {}
        for order_id in sorted(set(order_ids)):
            reservation = self._tx.get(RESERVATIONS, order_id)
            if reservation is not None:
                found[order_id] = reservation
        return found

    async def save_many(self, reservations: Collection[Reservation]) -> None:
        for reservation in reservations:
            self._check_version(reservation)
        for reservation in reservations:
            await self.save(reservation)

    async def save(self, reservation: Reservation) -> None:
        stored = self._check_version(reservation)
        stored.status = reservation.status
        stored.updated_at = reservation.updated_at
        stored.version = reservation.version = reservation.version + 1
        self._tx.put(RESERVATIONS, stored.order_id, stored)

    def _check_version(self, reservation: Reservation) -> Reservation:
        stored = self._tx.get(RESERVATIONS, reservation.order_id)
        if stored is None or stored.version != reservation.version:
            raise ConcurrentUpdateError(
                f"the reservation of order {reservation.order_id} changed since it was loaded"
            )
        return stored

    async def exists_for_product(self, product_id: ProductId) -> bool:
        return (
            self._tx.count(RESERVATIONS, lambda reservation: product_id in reservation.product_ids)
            > 0
        )
