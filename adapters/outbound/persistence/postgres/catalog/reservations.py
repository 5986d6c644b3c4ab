"""Reservations in PostgreSQL: one row per order, and one row per line."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, exists, insert, select, update

from adapters.outbound.persistence.postgres.catalog.mappers import reservation_from_rows
from adapters.outbound.persistence.postgres.catalog.tables import (
    RESERVATION_LINES_PRODUCT,
    RESERVATIONS_PKEY,
    reservation_lines,
    reservations,
)
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.catalog.ports import ReservationRepository
from domain.catalog.errors import ProductNotFoundError, ReservationMismatchError
from domain.catalog.reservation import Reservation
from domain.catalog.values import OrderId, ProductId
from domain.shared.errors import ConcurrentUpdateError


def _with_lines(order_id: OrderId) -> Select[Any]:
    return (
        select(
            reservations,
            reservation_lines.c.product_id,
            reservation_lines.c.quantity,
        )
        .select_from(
            reservations.outerjoin(
                reservation_lines, reservation_lines.c.order_id == reservations.c.order_id
            )
        )
        .where(reservations.c.order_id == order_id)
        .order_by(reservation_lines.c.product_id)
    )


class PostgresReservationRepository(ReservationRepository):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, reservation: Reservation) -> None:
        await self._tx.execute(
            insert(reservations).values(
                order_id=reservation.order_id,
                status=reservation.status.value,
                created_at=reservation.created_at,
                updated_at=reservation.updated_at,
                version=reservation.version,
            ),
            on_constraint={
                RESERVATIONS_PKEY: lambda: ReservationMismatchError(reservation.order_id)
            },
        )
        # The foreign key cannot say which line it missed: the error names the first line's
        # product (the caller locked every line's stock just before, so this is a race with
        # a deletion at most).
        first = reservation.lines[0].product_id
        await self._tx.execute(
            insert(reservation_lines).values(
                [
                    {
                        "order_id": reservation.order_id,
                        "product_id": line.product_id,
                        "quantity": line.quantity,
                    }
                    for line in reservation.lines
                ]
            ),
            on_constraint={RESERVATION_LINES_PRODUCT: lambda: ProductNotFoundError(first)},
        )

    async def get(self, order_id: OrderId) -> Reservation | None:
        rows = (await self._tx.execute(_with_lines(order_id))).all()
        return reservation_from_rows(rows) if rows else None

    async def get_for_update(self, order_id: OrderId) -> Reservation | None:
        result = await self._tx.execute(_with_lines(order_id).with_for_update(of=reservations))
        rows = result.all()
        return reservation_from_rows(rows) if rows else None

    async def save(self, reservation: Reservation) -> None:
        result = await self._tx.execute(
            update(reservations)
            .where(
                reservations.c.order_id == reservation.order_id,
                reservations.c.version == reservation.version,
            )
            .values(
                status=reservation.status.value,
                updated_at=reservation.updated_at,
                version=reservation.version + 1,
            )
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(
                f"the reservation of order {reservation.order_id} changed since it was loaded"
            )
        reservation.version += 1

    async def exists_for_product(self, product_id: ProductId) -> bool:
        result = await self._tx.execute(
            select(exists().where(reservation_lines.c.product_id == product_id))
        )
        return bool(result.scalar_one())
