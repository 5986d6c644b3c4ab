"""Reservations: all lines or none, an explicit status machine, idempotent steps."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from uuid import uuid4

import pytest

from domain.catalog.errors import (
    IllegalReservationTransitionError,
    ProductNotFoundError,
    ShortLine,
    ShortStockError,
)
from domain.catalog.reservation import (
    MAX_LINE_QUANTITY,
    MAX_LINES,
    Reservation,
    ReservationStatus,
    reservation_lines,
)
from domain.catalog.stock import StockLevel, StockMovement
from domain.catalog.values import ProductId
from domain.shared.errors import InvalidValueError
from tests.builders.catalog import T0, a_reservation, a_stock_level, an_order_id, later

HELD, COMMITTED = ReservationStatus.HELD, ReservationStatus.COMMITTED
RELEASED, RETURNED = ReservationStatus.RELEASED, ReservationStatus.RETURNED

Step = Callable[[Reservation, Mapping[ProductId, StockLevel], datetime], list[StockMovement]]


def _commit(
    r: Reservation, levels: Mapping[ProductId, StockLevel], now: datetime
) -> list[StockMovement]:
    return r.commit(levels, now=now)


def _release(
    r: Reservation, levels: Mapping[ProductId, StockLevel], now: datetime
) -> list[StockMovement]:
    return r.release(levels, now=now)


def _return(
    r: Reservation, levels: Mapping[ProductId, StockLevel], now: datetime
) -> list[StockMovement]:
    return r.return_stock(levels, now=now)


# The table the tests hold the model to, written out independently of the model's own:
# (status, step) -> the status after it, "same" for a repeated step, "illegal" otherwise.
OUTCOMES: dict[tuple[ReservationStatus, Step], ReservationStatus | str] = {
    (HELD, _commit): COMMITTED,
    (HELD, _release): RELEASED,
    (HELD, _return): "illegal",
    (COMMITTED, _commit): "same",
    (COMMITTED, _release): "illegal",
    (COMMITTED, _return): RETURNED,
    (RELEASED, _commit): "illegal",
    (RELEASED, _release): "same",
    (RELEASED, _return): "illegal",
    (RETURNED, _commit): "same",
    (RETURNED, _release): "illegal",
    (RETURNED, _return): "same",
}


def _pid() -> ProductId:
    return ProductId(uuid4())


def test_lines_are_merged_per_product_and_sorted_when_normalized() -> None:
    a, b = sorted([_pid(), _pid()])

    lines = reservation_lines([(b, 2), (a, 1), (b, 3)])

    assert [(line.product_id, line.quantity) for line in lines] == [(a, 1), (b, 5)]


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([], "lines"),
        ([(uuid4(), 0)], "quantity"),
        ([(uuid4(), MAX_LINE_QUANTITY + 1)], "quantity"),
        ([(uuid4(), 1) for _ in range(MAX_LINES + 1)], "lines"),
    ],
)
def test_lines_name_the_field_at_fault_when_invalid(
    lines: list[tuple[ProductId, int]], field: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        reservation_lines(lines)

    assert caught.value.field == field


def test_place_reserves_every_line_when_all_are_available() -> None:
    a, b = a_stock_level(_pid(), on_hand=5), a_stock_level(_pid(), on_hand=2)
    levels = {a.product_id: a, b.product_id: b}
    order = an_order_id()

    reservation, movements = Reservation.place(
        order_id=order,
        lines=reservation_lines([(a.product_id, 5), (b.product_id, 1)]),
        levels=levels,
        now=T0,
    )

    assert (reservation.order_id, reservation.status) == (order, HELD)
    assert (a.available, b.available) == (0, 1)
    assert sorted((m.product_id, m.reserved_delta) for m in movements) == sorted(
        [(a.product_id, 5), (b.product_id, 1)]
    )


def test_place_lists_every_short_line_and_reserves_nothing_when_some_are_short() -> None:
    ok, short1, short2 = (a_stock_level(_pid(), on_hand=n) for n in (9, 1, 0))
    levels = {level.product_id: level for level in (ok, short1, short2)}
    lines = reservation_lines([(ok.product_id, 2), (short1.product_id, 2), (short2.product_id, 1)])

    with pytest.raises(ShortStockError) as caught:
        Reservation.place(order_id=an_order_id(), lines=lines, levels=levels, now=T0)

    assert set(caught.value.short_lines) == {
        ShortLine(product_id=short1.product_id, requested=2, available=1),
        ShortLine(product_id=short2.product_id, requested=1, available=0),
    }
    assert caught.value.code == "insufficient-stock"
    assert [level.reserved for level in (ok, short1, short2)] == [0, 0, 0]


def test_place_raises_product_not_found_when_a_line_has_no_stock_level() -> None:
    with pytest.raises(ProductNotFoundError):
        Reservation.place(
            order_id=an_order_id(), lines=reservation_lines([(_pid(), 1)]), levels={}, now=T0
        )


@pytest.mark.parametrize(("status", "step"), list(OUTCOMES))
def test_step_follows_the_table_when_taken_from_each_status(
    status: ReservationStatus, step: Step
) -> None:
    level = a_stock_level(_pid(), on_hand=10, reserved=3 if status is HELD else 0)
    reservation = a_reservation([(level.product_id, 3)], status=status)
    expected = OUTCOMES[(status, step)]
    before = (level.on_hand, level.reserved)

    if expected == "illegal":
        with pytest.raises(IllegalReservationTransitionError):
            step(reservation, {level.product_id: level}, later(minutes=1))
        assert (reservation.status, (level.on_hand, level.reserved)) == (status, before)
    elif expected == "same":
        movements = step(reservation, {level.product_id: level}, later(minutes=1))
        assert (movements, reservation.status, reservation.updated_at) == ([], status, T0)
        assert (level.on_hand, level.reserved) == before
    else:
        movements = step(reservation, {level.product_id: level}, later(minutes=1))
        assert (reservation.status, reservation.updated_at) == (expected, later(minutes=1))
        assert len(movements) == 1


def test_commit_takes_the_units_out_of_stock_when_held() -> None:
    level = a_stock_level(_pid(), on_hand=10, reserved=3)
    reservation = a_reservation([(level.product_id, 3)])

    reservation.commit({level.product_id: level}, now=T0)

    assert (level.on_hand, level.reserved, level.available) == (7, 0, 7)


def test_return_puts_the_units_back_on_hand_when_committed() -> None:
    level = a_stock_level(_pid(), on_hand=7)
    reservation = a_reservation([(level.product_id, 3)], status=COMMITTED)

    reservation.return_stock({level.product_id: level}, now=T0)

    assert (level.on_hand, level.available) == (10, 10)


def test_holds_compares_normalized_lines_when_asked() -> None:
    a, b = _pid(), _pid()
    reservation = a_reservation([(a, 1), (b, 2)])

    assert reservation.holds(reservation_lines([(b, 1), (a, 1), (b, 1)]))
    assert not reservation.holds(reservation_lines([(a, 1), (b, 3)]))
