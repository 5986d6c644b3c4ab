"""Stock of one product (on hand, reserved, available) and the ledger entries its changes make.

Invariant, kept by every change: 0 ≤ reserved ≤ on_hand ≤ MAX_ON_HAND, so available
(on_hand - reserved) is never negative. Each change returns the StockMovement that
records it; ``sequence`` numbers a product's movements 1, 2, 3, … in the order they
happened, so the ledger needs no clock to be ordered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Self
from uuid import UUID

from domain.catalog.errors import InsufficientStockError, ShortLine, StockLimitExceededError
from domain.catalog.events import StockRanLow
from domain.catalog.values import OrderId, ProductId
from domain.shared.errors import ConflictError, InvalidValueError
from domain.shared.events import EventRecorder

MAX_ON_HAND = 1_000_000_000
MAX_NOTE_LENGTH = 500


class StockMovementReason(StrEnum):
    """Why stock moved: an admin's adjustment, or a step of a reservation."""

    # Adjustments an admin makes by hand:
    RECEIVE = "receive"  # goods arrived
    RETURN = "return"  # a customer brought goods back outside a refunded order
    DAMAGE = "damage"
    LOSS = "loss"
    CORRECT = "correct"  # a count found the books wrong, either way
    # Movements of reservations, made for orders:
    RESERVE = "reserve"
    RELEASE = "release"
    COMMIT = "commit"
    REFUND = "refund"  # a committed order was refunded: its units are on hand again


# The sign an adjustment's delta must have for each reason an admin may give (0: either).
ADJUSTMENT_SIGNS: dict[StockMovementReason, int] = {
    StockMovementReason.RECEIVE: 1,
    StockMovementReason.RETURN: 1,
    StockMovementReason.DAMAGE: -1,
    StockMovementReason.LOSS: -1,
    StockMovementReason.CORRECT: 0,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class StockMovement:
    """One entry of a product's stock ledger: what changed, why, and the levels after it."""

    product_id: ProductId
    sequence: int
    reason: StockMovementReason
    on_hand_delta: int
    reserved_delta: int
    on_hand_after: int
    reserved_after: int
    occurred_at: datetime
    order_id: OrderId | None = None
    actor_id: UUID | None = None
    note: str | None = None

    @property
    def available_after(self) -> int:
        return self.on_hand_after - self.reserved_after


def check_adjustment(delta: int, reason: StockMovementReason) -> int:
    """An admin's change of on hand: non-zero, bounded, with the sign its reason implies."""
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise InvalidValueError("delta", "must be a whole number")
    if delta == 0 or abs(delta) > MAX_ON_HAND:
        raise InvalidValueError("delta", f"must be non-zero and at most {MAX_ON_HAND} either way")
    if reason not in ADJUSTMENT_SIGNS:
        allowed = ", ".join(reason.value for reason in ADJUSTMENT_SIGNS)
        raise InvalidValueError("reason", f"must be one of: {allowed}")
    sign = ADJUSTMENT_SIGNS[reason]
    if sign * delta < 0:
        direction = "add units" if sign > 0 else "remove units"
        raise InvalidValueError("delta", f"a {reason.value} adjustment must {direction}")
    return delta


def check_threshold(threshold: int) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise InvalidValueError("low_stock_threshold", "must be a whole number")
    if not 0 <= threshold <= MAX_ON_HAND:
        raise InvalidValueError("low_stock_threshold", f"must be between 0 and {MAX_ON_HAND}")
    return threshold


def check_note(note: str | None) -> str | None:
    if note is None:
        return None
    if not isinstance(note, str):
        raise InvalidValueError("note", "must be a string")
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidValueError("note", f"must be at most {MAX_NOTE_LENGTH} characters")
    if not note.isprintable():
        raise InvalidValueError("note", "must be printable text on one line")
    return note or None


def available(on_hand: int, reserved: int) -> int:
    """What can still be reserved or sold."""
    return on_hand - reserved


def is_low(available: int, low_stock_threshold: int) -> bool:
    """Whether a level is low: what is available has fallen to the threshold."""
    return available <= low_stock_threshold


class StockLevel(EventRecorder):
    """How many units of one product are on hand and how many of those are reserved.

    ``last_sequence`` is the sequence of the latest movement; ``version`` counts saved
    changes, so a repository can refuse a stale write.
    """

    __slots__ = (
        "last_sequence",
        "low_stock_threshold",
        "on_hand",
        "product_id",
        "reserved",
        "updated_at",
        "version",
    )

    def __init__(
        self,
        *,
        product_id: ProductId,
        on_hand: int,
        reserved: int,
        low_stock_threshold: int,
        last_sequence: int,
        updated_at: datetime,
        version: int,
    ) -> None:
        super().__init__()
        self.product_id = product_id
        self.on_hand = on_hand
        self.reserved = reserved
        self.low_stock_threshold = low_stock_threshold
        self.last_sequence = last_sequence
        self.updated_at = updated_at
        self.version = version

    @classmethod
    def open(cls, *, product_id: ProductId, now: datetime, low_stock_threshold: int = 0) -> Self:
        """The empty stock of a new product."""
        return cls(
            product_id=product_id,
            on_hand=0,
            reserved=0,
            low_stock_threshold=check_threshold(low_stock_threshold),
            last_sequence=0,
            updated_at=now,
            version=1,
        )

    @classmethod
    def restore(
        cls,
        *,
        product_id: ProductId,
        on_hand: int,
        reserved: int,
        low_stock_threshold: int,
        last_sequence: int,
        updated_at: datetime,
        version: int,
    ) -> Self:
        """Rebuild a stored stock level; for persistence adapters only."""
        return cls(
            product_id=product_id,
            on_hand=on_hand,
            reserved=reserved,
            low_stock_threshold=low_stock_threshold,
            last_sequence=last_sequence,
            updated_at=updated_at,
            version=version,
        )

    @property
    def available(self) -> int:
        return available(self.on_hand, self.reserved)

    @property
    def is_low(self) -> bool:
        return is_low(self.available, self.low_stock_threshold)

    def change_threshold(self, threshold: int, *, now: datetime) -> None:
        threshold = check_threshold(threshold)
        if threshold != self.low_stock_threshold:
            self.low_stock_threshold = threshold
            self.updated_at = now

    def adjust(
        self,
        delta: int,
        reason: StockMovementReason,
        *,
        by: UUID,
        now: datetime,
        note: str | None = None,
    ) -> StockMovement:
        """Add (or remove) units on hand by hand; removing never cuts into what is reserved.

        Raises:
            InvalidValueError: zero or out-of-bounds delta, a reason for machines, or a
                delta whose sign does not fit the reason.
            InsufficientStockError: fewer than ``-delta`` units are available.
            StockLimitExceededError: on hand would exceed MAX_ON_HAND.
        """
        delta = check_adjustment(delta, reason)
        if self.on_hand + delta < self.reserved:
            raise InsufficientStockError(
                [ShortLine(product_id=self.product_id, requested=-delta, available=self.available)],
                f"removing {-delta} units would cut into the {self.reserved} reserved",
            )
        return self._move(reason, delta, 0, now=now, actor_id=by, note=check_note(note))

    def reserve(self, quantity: int, *, order_id: OrderId, now: datetime) -> StockMovement:
        """Set ``quantity`` available units aside for an order.

        Raises:
            InsufficientStockError: fewer than ``quantity`` units are available.
        """
        if quantity > self.available:
            raise InsufficientStockError(
                [
                    ShortLine(
                        product_id=self.product_id, requested=quantity, available=self.available
                    )
                ]
            )
        return self._move(StockMovementReason.RESERVE, 0, quantity, now=now, order_id=order_id)

    def release(self, quantity: int, *, order_id: OrderId, now: datetime) -> StockMovement:
        """Make reserved units available again (the order will not take them)."""
        return self._move(StockMovementReason.RELEASE, 0, -quantity, now=now, order_id=order_id)

    def commit(self, quantity: int, *, order_id: OrderId, now: datetime) -> StockMovement:
        """Let reserved units leave: both on hand and reserved drop by ``quantity``."""
        return self._move(
            StockMovementReason.COMMIT, -quantity, -quantity, now=now, order_id=order_id
        )

    def restock(self, quantity: int, *, order_id: OrderId, now: datetime) -> StockMovement:
        """Take back the units of a refunded order: they are on hand and available again."""
        return self._move(StockMovementReason.REFUND, quantity, 0, now=now, order_id=order_id)

    def _move(
        self,
        reason: StockMovementReason,
        on_hand_delta: int,
        reserved_delta: int,
        *,
        now: datetime,
        order_id: OrderId | None = None,
        actor_id: UUID | None = None,
        note: str | None = None,
    ) -> StockMovement:
        on_hand, reserved = self.on_hand + on_hand_delta, self.reserved + reserved_delta
        if on_hand > MAX_ON_HAND:
            raise StockLimitExceededError(self.product_id, MAX_ON_HAND)
        if not 0 <= reserved <= on_hand:
            raise ConflictError(
                f"stock of {self.product_id} cannot go to {on_hand} on hand, {reserved} reserved"
            )
        was_low = self.is_low
        self.on_hand, self.reserved = on_hand, reserved
        self.last_sequence += 1
        self.updated_at = now
        if self.is_low and not was_low:
            self._record(
                StockRanLow(
                    occurred_at=now,
                    product_id=self.product_id,
                    available=self.available,
                    threshold=self.low_stock_threshold,
                )
            )
        return StockMovement(
            product_id=self.product_id,
            sequence=self.last_sequence,
            reason=reason,
            on_hand_delta=on_hand_delta,
            reserved_delta=reserved_delta,
            on_hand_after=on_hand,
            reserved_after=reserved,
            occurred_at=now,
            order_id=order_id,
            actor_id=actor_id,
            note=note,
        )
