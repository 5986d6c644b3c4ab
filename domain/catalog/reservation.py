"""Reservations: the stock an order holds, from reserve to commit, release or refund.

A reservation is keyed by its order, and each step is idempotent: asking for a step that
already happened changes nothing and answers as the first time did, so the ordering
context may retry any call after a timeout or a redelivered event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Self

from domain.catalog.errors import (
    IllegalReservationTransitionError,
    ProductNotFoundError,
    ShortLine,
    ShortStockError,
)
from domain.catalog.stock import StockLevel, StockMovement
from domain.catalog.values import OrderId, ProductId
from domain.shared.errors import InvalidValueError

MAX_LINES = 100
MAX_LINE_QUANTITY = 10_000


class ReservationStatus(StrEnum):
    """Held until the order is paid (committed) or given up (released); a committed
    reservation's stock comes back when the order is refunded (returned)."""

    HELD = "held"
    COMMITTED = "committed"
    RELEASED = "released"
    RETURNED = "returned"


_HELD, _COMMITTED = ReservationStatus.HELD, ReservationStatus.COMMITTED
_RELEASED, _RETURNED = ReservationStatus.RELEASED, ReservationStatus.RETURNED

# The status machine in one table: which status may follow which.
_TRANSITIONS: dict[ReservationStatus, frozenset[ReservationStatus]] = {
    _HELD: frozenset({_COMMITTED, _RELEASED}),
    _COMMITTED: frozenset({_RETURNED}),
    _RELEASED: frozenset(),
    _RETURNED: frozenset(),
}
# For each step, the statuses that show it already happened: repeating it is a no-op.
_ALREADY_DONE: dict[ReservationStatus, frozenset[ReservationStatus]] = {
    _COMMITTED: frozenset({_COMMITTED, _RETURNED}),
    _RELEASED: frozenset({_RELEASED}),
    _RETURNED: frozenset({_RETURNED}),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ReservationLine:
    """Units of one product an order holds: 1 to MAX_LINE_QUANTITY."""

    product_id: ProductId
    quantity: int

    def __post_init__(self) -> None:
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int):
            raise InvalidValueError("quantity", "must be a whole number")
        if not 1 <= self.quantity <= MAX_LINE_QUANTITY:
            raise InvalidValueError("quantity", f"must be between 1 and {MAX_LINE_QUANTITY}")


def reservation_lines(lines: Iterable[tuple[ProductId, int]]) -> tuple[ReservationLine, ...]:
    """The lines in normal form: one per product (quantities summed), by product id.

    Two requests for the same stock thus compare equal however their lines were
    written, and stock rows are always visited in the same order.
    """
    totals: dict[ProductId, int] = {}
    for product_id, quantity in lines:
        ReservationLine(product_id=product_id, quantity=quantity)
        totals[product_id] = totals.get(product_id, 0) + quantity
    if not totals:
        raise InvalidValueError("lines", "must hold at least one line")
    if len(totals) > MAX_LINES:
        raise InvalidValueError("lines", f"must hold at most {MAX_LINES} products")
    return tuple(
        ReservationLine(product_id=product_id, quantity=totals[product_id])
        for product_id in sorted(totals)
    )


class Reservation:
    """The units an order holds of each of its products.

    Only ``place`` and the steps change stock, and each takes the stock levels of the
    reservation's products, so a reservation and the stock it holds change together.
    """

    __slots__ = ("created_at", "lines", "order_id", "status", "updated_at", "version")

    def __init__(
        self,
        *,
        order_id: OrderId,
        lines: tuple[ReservationLine, ...],
        status: ReservationStatus,
        created_at: datetime,
        updated_at: datetime,
        version: int,
    ) -> None:
        self.order_id = order_id
        self.lines = lines
        self.status = status
        self.created_at = created_at
        self.updated_at = updated_at
        self.version = version

    @classmethod
    def place(
        cls,
        *,
        order_id: OrderId,
        lines: tuple[ReservationLine, ...],
        levels: Mapping[ProductId, StockLevel],
        now: datetime,
    ) -> tuple[Self, list[StockMovement]]:
        """Reserve every line, or none: the new reservation and the movements it made.

        Raises:
            ProductNotFoundError: ``levels`` has no stock for a line's product.
            ShortStockError: some lines ask for more than is available; it lists them all.
        """
        short = [
            ShortLine(
                product_id=line.product_id,
                requested=line.quantity,
                available=_level(levels, line.product_id).available,
            )
            for line in lines
            if line.quantity > _level(levels, line.product_id).available
        ]
        if short:
            raise ShortStockError(short)
        movements = [
            levels[line.product_id].reserve(line.quantity, order_id=order_id, now=now)
            for line in lines
        ]
        reservation = cls(
            order_id=order_id,
            lines=lines,
            status=_HELD,
            created_at=now,
            updated_at=now,
            version=1,
        )
        return reservation, movements

    @classmethod
    def restore(
        cls,
        *,
        order_id: OrderId,
        lines: tuple[ReservationLine, ...],
        status: ReservationStatus,
        created_at: datetime,
        updated_at: datetime,
        version: int,
    ) -> Self:
        """Rebuild a stored reservation; for persistence adapters only."""
        return cls(
            order_id=order_id,
            lines=lines,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
            version=version,
        )

    @property
    def product_ids(self) -> list[ProductId]:
        return [line.product_id for line in self.lines]

    def holds(self, lines: tuple[ReservationLine, ...]) -> bool:
        """True when ``lines`` (in normal form) are the lines this reservation was made of."""
        return self.lines == lines

    def commit(
        self, levels: Mapping[ProductId, StockLevel], *, now: datetime
    ) -> list[StockMovement]:
        """The order took the goods: reserved units leave stock. No-op once committed.

        Raises:
            IllegalReservationTransitionError: the reservation was released.
        """
        if not self._step(_COMMITTED, "commit", now):
            return []
        return [
            _level(levels, line.product_id).commit(line.quantity, order_id=self.order_id, now=now)
            for line in self.lines
        ]

    def release(
        self, levels: Mapping[ProductId, StockLevel], *, now: datetime
    ) -> list[StockMovement]:
        """The order will not take the goods: reserved units are available again. No-op
        once released.

        Raises:
            IllegalReservationTransitionError: the reservation was committed.
        """
        if not self._step(_RELEASED, "release", now):
            return []
        return [
            _level(levels, line.product_id).release(line.quantity, order_id=self.order_id, now=now)
            for line in self.lines
        ]

    def return_stock(
        self, levels: Mapping[ProductId, StockLevel], *, now: datetime
    ) -> list[StockMovement]:
        """The committed order was refunded: its units are on hand again. No-op once returned.

        Raises:
            IllegalReservationTransitionError: the reservation is held or was released.
        """
        if not self._step(_RETURNED, "return", now):
            return []
        return [
            _level(levels, line.product_id).restock(line.quantity, order_id=self.order_id, now=now)
            for line in self.lines
        ]

    def _step(self, status: ReservationStatus, step: str, now: datetime) -> bool:
        """Move to ``status``; False when that step already happened."""
        if self.status in _ALREADY_DONE[status]:
            return False
        if status not in _TRANSITIONS[self.status]:
            raise IllegalReservationTransitionError(self.order_id, self.status.value, step)
        self.status = status
        self.updated_at = now
        return True


def _level(levels: Mapping[ProductId, StockLevel], product_id: ProductId) -> StockLevel:
    level = levels.get(product_id)
    if level is None:
        raise ProductNotFoundError(product_id)
    return level
