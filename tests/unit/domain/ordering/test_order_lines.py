"""What a customer may ask for: 1 to 50 lines, 1 to 100 units each, one line per product."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.ordering.errors import DuplicateLineError
from domain.ordering.lines import MAX_LINES, RequestedLine, requested_lines
from domain.shared.errors import InvalidValueError
from tests.builders.ordering import a_line


def test_requested_lines_keep_the_clients_order_when_they_are_valid() -> None:
    first, second = uuid4(), uuid4()

    lines = requested_lines([(first, 1), (second, 100)])

    assert lines == (
        RequestedLine(product_id=first, quantity=1),  # type: ignore[arg-type]
        RequestedLine(product_id=second, quantity=100),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("quantity", [0, 101, -1])
def test_requested_lines_raise_naming_the_line_when_a_quantity_is_out_of_bounds(
    quantity: int,
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        requested_lines([(uuid4(), 1), (uuid4(), quantity)])

    assert caught.value.field == "lines[1].quantity"


@pytest.mark.parametrize("count", [0, MAX_LINES + 1])
def test_requested_lines_raise_on_lines_when_there_are_none_or_too_many(count: int) -> None:
    pairs: list[tuple[UUID, int]] = [(uuid4(), 1) for _ in range(count)]

    with pytest.raises(InvalidValueError) as caught:
        requested_lines(pairs)

    assert caught.value.field == "lines"


def test_requested_lines_raise_duplicate_naming_the_later_line_when_a_product_repeats() -> None:
    product = uuid4()

    with pytest.raises(DuplicateLineError) as caught:
        requested_lines([(product, 1), (uuid4(), 1), (product, 2)])

    assert (caught.value.field, caught.value.code) == ("lines[2].product_id", "duplicate-line")


def test_a_line_total_is_price_times_quantity_when_a_line_is_priced() -> None:
    line = a_line(price=1999, quantity=3)

    assert (line.total.amount, line.total.currency) == (5997, "EUR")
