"""A product's stock: adjustments by reason, reservation movements, and the ledger they make."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.catalog.errors import InsufficientStockError, ShortLine, StockLimitExceededError
from domain.catalog.events import StockRanLow
from domain.catalog.stock import MAX_ON_HAND, StockMovement, StockMovementReason
from domain.catalog.values import ProductId
from domain.shared.errors import InvalidValueError
from tests.builders.catalog import T0, a_stock_level, an_order_id, later

R = StockMovementReason


def test_receive_adds_units_and_returns_the_movement_when_adjusted() -> None:
    level = a_stock_level(ProductId(uuid4()), on_hand=5, reserved=2, last_sequence=7)
    admin = uuid4()

    movement = level.adjust(10, R.RECEIVE, by=admin, note="  pallet 4 ", now=later(minutes=1))

    assert (level.on_hand, level.reserved, level.available) == (15, 2, 13)
    assert movement == StockMovement(
        product_id=level.product_id,
        sequence=8,
        reason=R.RECEIVE,
        on_hand_delta=10,
        reserved_delta=0,
        on_hand_after=15,
        reserved_after=2,
        occurred_at=later(minutes=1),
        actor_id=admin,
        note="pallet 4",
    )


@pytest.mark.parametrize(
    ("reason", "delta"),
    [(R.RECEIVE, -1), (R.RETURN, -3), (R.DAMAGE, 1), (R.LOSS, 2)],
)
def test_adjustment_names_the_delta_when_its_sign_does_not_fit_the_reason(
    reason: StockMovementReason, delta: int
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_stock_level(ProductId(uuid4()), on_hand=10).adjust(delta, reason, by=uuid4(), now=T0)

    assert caught.value.field == "delta"


@pytest.mark.parametrize("delta", [-4, 4])
def test_correction_is_accepted_when_the_delta_has_either_sign(delta: int) -> None:
    level = a_stock_level(ProductId(uuid4()), on_hand=10)

    level.adjust(delta, R.CORRECT, by=uuid4(), now=T0)

    assert level.on_hand == 10 + delta


@pytest.mark.parametrize("reason", [R.RESERVE, R.RELEASE, R.COMMIT, R.REFUND])
def test_adjustment_names_the_reason_when_it_is_one_for_reservations(
    reason: StockMovementReason,
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_stock_level(ProductId(uuid4()), on_hand=10).adjust(1, reason, by=uuid4(), now=T0)

    assert caught.value.field == "reason"


@pytest.mark.parametrize("delta", [0, MAX_ON_HAND + 1, True])
def test_adjustment_names_the_delta_when_it_is_zero_or_out_of_bounds(delta: int) -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_stock_level(ProductId(uuid4())).adjust(delta, R.CORRECT, by=uuid4(), now=T0)

    assert caught.value.field == "delta"


def test_removal_raises_insufficient_stock_when_it_would_cut_into_reserved_units() -> None:
    level = a_stock_level(ProductId(uuid4()), on_hand=10, reserved=7)

    with pytest.raises(InsufficientStockError) as caught:
        level.adjust(-4, R.DAMAGE, by=uuid4(), now=T0)

    assert caught.value.code == "insufficient-stock"
    assert caught.value.short_lines == (
        ShortLine(product_id=level.product_id, requested=4, available=3),
    )
    assert (level.on_hand, level.reserved, level.last_sequence) == (10, 7, 0)


def test_removal_is_accepted_when_it_takes_exactly_what_is_available() -> None:
    level = a_stock_level(ProductId(uuid4()), on_hand=10, reserved=7)

    level.adjust(-3, R.LOSS, by=uuid4(), now=T0)

    assert (level.on_hand, level.available) == (7, 0)


def test_receive_raises_limit_exceeded_when_on_hand_would_pass_the_bound() -> None:
    level = a_stock_level(ProductId(uuid4()), on_hand=MAX_ON_HAND)

    with pytest.raises(StockLimitExceededError):
        level.adjust(1, R.RECEIVE, by=uuid4(), now=T0)


def test_reservation_movements_change_reserved_and_on_hand_when_applied_in_turn() -> None:
    level = a_stock_level(ProductId(uuid4()), on_hand=10)
    order = an_order_id()

    moves = [
        level.reserve(4, order_id=order, now=T0),
        level.release(1, order_id=order, now=T0),
        level.commit(3, order_id=order, now=T0),
        level.restock(2, order_id=order, now=T0),
    ]

    assert [(m.reason, m.on_hand_delta, m.reserved_delta) for m in moves] == [
        (R.RESERVE, 0, 4),
        (R.RELEASE, 0, -1),
        (R.COMMIT, -3, -3),
        (R.REFUND, 2, 0),
    ]
    assert [m.sequence for m in moves] == [1, 2, 3, 4]
    assert all(m.order_id == order for m in moves)
    assert (level.on_hand, level.reserved) == (9, 0)


def test_reserve_raises_insufficient_stock_when_asking_more_than_available() -> None:
    level = a_stock_level(ProductId(uuid4()), on_hand=5, reserved=3)

    with pytest.raises(InsufficientStockError) as caught:
        level.reserve(3, order_id=an_order_id(), now=T0)

    assert caught.value.short_lines[0].available == 2


def test_stock_ran_low_is_recorded_once_when_available_falls_to_the_threshold() -> None:
    level = a_stock_level(ProductId(uuid4()), on_hand=10, low_stock_threshold=3)

    level.reserve(7, order_id=an_order_id(), now=later(minutes=1))
    level.reserve(1, order_id=an_order_id(), now=later(minutes=2))

    assert level.pull_events() == [
        StockRanLow(
            occurred_at=later(minutes=1), product_id=level.product_id, available=3, threshold=3
        )
    ]
    assert level.is_low


def test_threshold_names_its_field_when_negative() -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_stock_level(ProductId(uuid4())).change_threshold(-1, now=T0)

    assert caught.value.field == "low_stock_threshold"


def test_note_is_refused_when_it_spans_lines() -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_stock_level(ProductId(uuid4())).adjust(1, R.RECEIVE, by=uuid4(), note="a\nb", now=T0)

    assert caught.value.field == "note"
