"""Reservations in PostgreSQL: one row per order, and one row per line."""

from __future__ import annotations

from collections.abc import Collection
from itertools import groupby

from sqlalchemy import ARRAY, Uuid, any_, bindparam, exists, select, text, update

from adapters.outbound.persistence.postgres.catalog.mappers import reservation_from_rows
from adapters.outbound.persistence.postgres.catalog.tables import (
    RESERVATION_LINES_PRODUCT,
    RESERVATIONS_PKEY,
    reservation_lines,
    reservations,
)
from adapters.outbound.persistence.postgres.statements import Query
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.catalog.ports import ReservationRepository
from domain.catalog.errors import ProductNotFoundError, ReservationMismatchError
from domain.catalog.reservation import Reservation
from domain.catalog.values import OrderId, ProductId
from domain.shared.errors import ConcurrentUpdateError

_JOINED = select(
    reservations,
    reservation_lines.c.product_id,
    reservation_lines.c.quantity,
).select_from(
    reservations.outerjoin(
        reservation_lines, reservation_lines.c.order_id == reservations.c.order_id
    )
)

# The reservation and its lines in one round trip, compiled once whatever the number of
# lines; the lines' foreign keys are checked at the end of the statement.
_ADD = Query.of(
    text(
        """
        WITH added AS (
            INSERT INTO reservations (order_id, status, created_at, updated_at, version)
            VALUES (CAST(:order_id AS uuid), :status, :created_at, :updated_at, :version)
            RETURNING order_id
        )
        INSERT INTO reservation_lines (order_id, product_id, quantity)
        SELECT added.order_id, l.* FROM added,
            unnest(CAST(:product_ids AS uuid[]), CAST(:quantities AS integer[])) AS l
        RETURNING order_id
        """
    )
)

_SAVE_MANY = Query.of(
    text(
        """
    UPDATE reservations AS r
    SET status = u.status, updated_at = u.updated_at, version = u.version + 1
    FROM unnest(
        CAST(:order_ids AS uuid[]), CAST(:statuses AS text[]),
        CAST(:updated_at AS timestamptz[]), CAST(:versions AS integer[])
    ) AS u(order_id, status, updated_at, version)
    WHERE r.order_id = u.order_id AND r.version = u.version
    RETURNING r.order_id
    """
    )
)


_GET = Query.of(
    _JOINED.where(reservations.c.order_id == bindparam("order_id")).order_by(
        reservation_lines.c.product_id
    )
)
_GET_FOR_UPDATE = Query.of(
    _JOINED.where(reservations.c.order_id == bindparam("order_id"))
    .order_by(reservation_lines.c.product_id)
    .with_for_update(of=reservations)
)
_LOCK_MANY = Query.of(
    _JOINED.where(reservations.c.order_id == any_(bindparam("order_ids", type_=ARRAY(Uuid()))))
    .order_by(reservations.c.order_id, reservation_lines.c.product_id)
    .with_for_update(of=reservations)
)


class PostgresReservationRepository(ReservationRepository):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, reservation: Reservation) -> None:
        # The foreign key cannot say which line it missed: the error names the first line's
        # product (the caller locked every line's stock just before, so this is a race with
        # a deletion at most).
        first = reservation.lines[0].product_id
        await self._tx.run(
            _ADD,
            {
                RESERVATIONS_PKEY: lambda: ReservationMismatchError(reservation.order_id),
                RESERVATION_LINES_PRODUCT: lambda: ProductNotFoundError(first),
            },
            order_id=reservation.order_id,
            status=reservation.status.value,
            created_at=reservation.created_at,
            updated_at=reservation.updated_at,
            version=reservation.version,
            product_ids=[line.product_id for line in reservation.lines],
            quantities=[line.quantity for line in reservation.lines],
        )

    async def get(self, order_id: OrderId) -> Reservation | None:
        rows = (await self._tx.run(_GET, order_id=order_id)).all()
        return reservation_from_rows(rows) if rows else None

    async def get_for_update(self, order_id: OrderId) -> Reservation | None:
        rows = (await self._tx.run(_GET_FOR_UPDATE, order_id=order_id)).all()
        return reservation_from_rows(rows) if rows else None

    async def get_many_for_update(
        self, order_ids: Collection[OrderId]
    ) -> dict[OrderId, Reservation]:
        wanted = sorted(set(order_ids))
        if not wanted:
            return {}
        # Locked as the sorted scan returns them: in order id order, so two batches queue.
        result = await self._tx.run(_LOCK_MANY, order_ids=wanted)
        return {
            OrderId(order_id): reservation_from_rows(list(rows))
            for order_id, rows in groupby(result.all(), key=lambda row: row.order_id)
        }

    async def save_many(self, reservations_: Collection[Reservation]) -> None:
        if not reservations_:
            return
        result = await self._tx.run(
            _SAVE_MANY,
            order_ids=[reservation.order_id for reservation in reservations_],
            statuses=[reservation.status.value for reservation in reservations_],
            updated_at=[reservation.updated_at for reservation in reservations_],
            versions=[reservation.version for reservation in reservations_],
        )
        if result.rowcount != len(reservations_):
            # The statement wrote the others: the caller's transaction must not commit.
            raise ConcurrentUpdateError("a reservation changed since it was loaded")
        for reservation in reservations_:
            reservation.version += 1

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
