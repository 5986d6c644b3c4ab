"""Order lines: what a customer asks for, and what the order keeps of the catalog's offer.

A line snapshots the product's SKU, name and unit price when the order is placed, so later
catalog changes never alter an order. Two lines of one order may not name the same
product: the client sends one line with the total quantity (a request with duplicates is
refused with DuplicateLineError, naming the later line), so each line of the order is
exactly a line the client wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from domain.ordering.errors import DuplicateLineError
from domain.ordering.values import ProductId
from domain.shared.errors import InvalidValueError
from domain.shared.money import Money

MAX_LINES = 50
MAX_QUANTITY = 100


def check_quantity(quantity: int, *, field: str = "quantity") -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidValueError(field, "must be a whole number")
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidValueError(field, f"must be between 1 and {MAX_QUANTITY}")
    return quantity


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestedLine:
    """A product and how many units of it a customer asks for (1 to MAX_QUANTITY)."""

    product_id: ProductId
    quantity: int

    def __post_init__(self) -> None:
        check_quantity(self.quantity)


def requested_lines(lines: Sequence[tuple[UUID, int]]) -> tuple[RequestedLine, ...]:
    """The lines of an order request, in the client's order, with errors naming the line
    at fault (``lines[2].quantity``).

    Raises:
        InvalidValueError: no lines, more than MAX_LINES, a quantity out of bounds.
        DuplicateLineError: a product appears on two lines.
    """
    if not lines:
        raise InvalidValueError("lines", "must hold at least one line")
    if len(lines) > MAX_LINES:
        raise InvalidValueError("lines", f"must hold at most {MAX_LINES} lines")
    seen: set[UUID] = set()
    checked: list[RequestedLine] = []
    for index, (product_id, quantity) in enumerate(lines):
        check_quantity(quantity, field=f"lines[{index}].quantity")
        if product_id in seen:
            raise DuplicateLineError(index, product_id)
        seen.add(product_id)
        checked.append(RequestedLine(product_id=ProductId(product_id), quantity=quantity))
    return tuple(checked)


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderLine:
    """A line of a placed order: the catalog's SKU, name and unit price at placement."""

    product_id: ProductId
    sku: str
    name: str
    unit_price: Money
    quantity: int

    def __post_init__(self) -> None:
        check_quantity(self.quantity)
        if self.unit_price.is_negative:
            raise InvalidValueError("unit_price", "must not be negative")
        if not self.sku or not self.name:
            raise InvalidValueError("lines", "a line needs the product's SKU and name")

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


def lines_total(lines: Iterable[OrderLine], currency: str) -> Money:
    total = Money.zero(currency)
    for line in lines:
        total = total + line.total
    return total
