"""Money as integer minor units and an ISO 4217 currency: no floats anywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Self

from domain.shared.errors import InvalidValueError

_CURRENCY = re.compile(r"[A-Z]{3}")


class CurrencyMismatchError(InvalidValueError):
    """Arithmetic or comparison between two currencies."""

    code = "currency-mismatch"

    def __init__(self, left: str, right: str) -> None:
        super().__init__("currency", f"cannot combine {left} with {right}")


@dataclass(frozen=True, slots=True, order=False)
class Money:
    """An amount in minor units (cents) of one currency."""

    amount: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise InvalidValueError("amount", "must be a whole number of minor units")
        if not isinstance(self.currency, str) or not _CURRENCY.fullmatch(self.currency):
            raise InvalidValueError("currency", "must be a three-letter ISO 4217 code")

    @classmethod
    def zero(cls, currency: str) -> Self:
        return cls(0, currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(self.currency, other.currency)

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise InvalidValueError("quantity", "must be a whole number")
        return Money(self.amount * factor, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount <= other.amount

    @property
    def is_negative(self) -> bool:
        return self.amount < 0
