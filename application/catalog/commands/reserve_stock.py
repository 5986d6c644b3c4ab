"""Ordering reserves the stock of an order's lines: all of them, or none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import OfferedProductView, ReservationView
from application.shared.ports import Clock
from domain.catalog.errors import ProductNotFoundError, ReservationMismatchError
from domain.catalog.reservation import Reservation, ReservationLine, reservation_lines
from domain.catalog.values import OrderId, ProductId


@dataclass(frozen=True, slots=True, kw_only=True)
class ReserveLine:
    product_id: UUID
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReserveStock:
    order_id: UUID
    lines: Sequence[ReserveLine]


class ReserveStockHandler:
    """Hold stock for an order, keyed by its id; a system operation of the ordering
    context, called in process or by its gateway, never exposed to customers over HTTP.

    Lines for one product are added up. Idempotent: reserving again for the same order
    with the same lines changes nothing and answers the reservation as it now stands
    (held, or later committed, released or returned). Stock rows are locked in product
    id order before the order's reservation is read, so concurrent calls queue. The
    answer's ``offered`` gives each line's product as offered now, for pricing the order.

    Raises:
        InvalidValueError: no lines, too many, or a quantity out of bounds.
        ProductNotFoundError: a line names a product that does not exist or is inactive.
        ShortStockError: some lines ask for more than is available; it lists each of
            them with requested and available quantities (code ``insufficient-stock``).
        ReservationMismatchError: the order already reserved other lines.
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: ReserveStock) -> ReservationView:
        order_id = OrderId(command.order_id)
        lines = reservation_lines(
            (ProductId(line.product_id), line.quantity) for line in command.lines
        )
        async with self._uow:
            # Read before the stock is locked: the lock is held for fewer round trips, which
            # is what buyers of one product queue for.
            offered = await _offered(self._uow, lines)
            levels = await self._uow.stock.get_for_update([line.product_id for line in lines])
            existing = await self._uow.reservations.get(order_id)
            if existing is not None:
                if not existing.holds(lines):
                    raise ReservationMismatchError(order_id)
                return ReservationView.of(existing, offered)
            if len(offered) < len(lines):
                found = {product.product_id for product in offered}
                raise ProductNotFoundError(
                    next(line.product_id for line in lines if line.product_id not in found)
                )
            reservation, movements = Reservation.place(
                order_id=order_id, lines=lines, levels=levels, now=self._clock.now()
            )
            await self._uow.stock.save_many(list(levels.values()))
            await self._uow.movements.append(movements)
            await self._uow.reservations.add(reservation)
            await self._uow.commit()
        return ReservationView.of(reservation, offered)


async def _offered(
    uow: CatalogUnitOfWork, lines: tuple[ReservationLine, ...]
) -> list[OfferedProductView]:
    offered = []
    for line in lines:
        product = await uow.products.get(line.product_id)
        if product is not None and product.active:
            offered.append(OfferedProductView.of(product))
    return offered
