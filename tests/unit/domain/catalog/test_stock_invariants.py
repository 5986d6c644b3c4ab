"""Whatever happens to stock, 0 ≤ reserved ≤ on hand: available is never negative."""

from __future__ import annotations

import contextlib
from uuid import UUID, uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.catalog.reservation import Reservation, reservation_lines
from domain.catalog.stock import StockLevel, StockMovement, StockMovementReason
from domain.catalog.values import OrderId, ProductId
from domain.shared.errors import DomainError
from tests.builders.catalog import T0

PRODUCTS = [ProductId(uuid4()) for _ in range(3)]
ADMIN = uuid4()

operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("adjust"),
            st.sampled_from(PRODUCTS),
            st.integers(min_value=-20, max_value=20),
            st.sampled_from(list(StockMovementReason)),
        ),
        st.tuples(
            st.just("reserve"),
            st.integers(min_value=0, max_value=5),
            st.lists(
                st.tuples(st.sampled_from(PRODUCTS), st.integers(min_value=1, max_value=8)),
                min_size=1,
                max_size=3,
            ),
        ),
        st.tuples(
            st.sampled_from(["commit", "release", "return"]), st.integers(min_value=0, max_value=5)
        ),
    ),
    max_size=60,
)


def _check(levels: dict[ProductId, StockLevel]) -> None:
    for level in levels.values():
        assert 0 <= level.reserved <= level.on_hand
        assert level.available >= 0


@settings(max_examples=300)
@given(operations)
def test_available_never_goes_negative_when_any_sequence_of_operations_runs(
    ops: list[tuple[object, ...]],
) -> None:
    levels = {pid: StockLevel.open(product_id=pid, now=T0) for pid in PRODUCTS}
    orders = [OrderId(uuid4()) for _ in range(6)]
    reservations: dict[OrderId, Reservation] = {}
    ledger: list[StockMovement] = []

    for op in ops:
        with contextlib.suppress(DomainError):
            ledger.extend(_run(op, levels, orders, reservations))
        _check(levels)

    for pid, level in levels.items():
        own = [m for m in ledger if m.product_id == pid]
        assert sum(m.on_hand_delta for m in own) == level.on_hand
        assert sum(m.reserved_delta for m in own) == level.reserved
        assert [m.sequence for m in own] == list(range(1, level.last_sequence + 1))
    held = sum(
        line.quantity for r in reservations.values() if r.status == "held" for line in r.lines
    )
    assert held == sum(level.reserved for level in levels.values())


def _run(
    op: tuple[object, ...],
    levels: dict[ProductId, StockLevel],
    orders: list[OrderId],
    reservations: dict[OrderId, Reservation],
) -> list[StockMovement]:
    match op:
        case ("adjust", UUID() as pid, int(delta), StockMovementReason() as reason):
            return [levels[ProductId(pid)].adjust(delta, reason, by=ADMIN, now=T0)]
        case ("reserve", int(index), list(lines)):
            order = orders[index]
            if order in reservations:
                return []
            reservation, movements = Reservation.place(
                order_id=order, lines=reservation_lines(lines), levels=levels, now=T0
            )
            reservations[order] = reservation
            return movements
        case (str(step), int(index)) if orders[index] in reservations:
            reservation = reservations[orders[index]]
            if step == "commit":
                return reservation.commit(levels, now=T0)
            if step == "release":
                return reservation.release(levels, now=T0)
            return reservation.return_stock(levels, now=T0)
    return []
