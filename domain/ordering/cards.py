"""Payment cards: the number (Luhn, brand from its IIN), the expiry, the CVC.

A card's full number and CVC live only as long as the request that adds the card: they go
to the payment processor to be tokenized and to the fingerprinter, and are never stored,
logged or returned. Nothing here puts them in a message or a repr.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.ordering.checksums import luhn_valid
from domain.ordering.holders import check_holder
from domain.shared.errors import InvalidValueError

MIN_DIGITS = 12
MAX_DIGITS = 19
MAX_YEARS_AHEAD = 20
_SEPARATORS = str.maketrans("", "", " -")


class CardBrand(StrEnum):
    VISA = "visa"
    MASTERCARD = "mastercard"
    AMEX = "amex"
    DISCOVER = "discover"
    JCB = "jcb"
    DINERS = "diners"
    UNIONPAY = "unionpay"
    MAESTRO = "maestro"


@dataclass(frozen=True, slots=True)
class _Range:
    """Numbers whose first ``len(str(low))`` digits lie between ``low`` and ``high``."""

    low: int
    high: int

    def matches(self, digits: str) -> bool:
        width = len(str(self.low))
        return len(digits) >= width and self.low <= int(digits[:width]) <= self.high


def _ranges(*bounds: int | tuple[int, int]) -> tuple[_Range, ...]:
    return tuple(
        _Range(bound, bound) if isinstance(bound, int) else _Range(*bound) for bound in bounds
    )


# Issuer identification number ranges and the lengths each brand issues, checked in this
# order: Discover's co-branded 622126-622925 lies inside UnionPay's 62.
_BRANDS: tuple[tuple[CardBrand, tuple[_Range, ...], frozenset[int]], ...] = (
    (CardBrand.AMEX, _ranges(34, 37), frozenset({15})),
    (CardBrand.VISA, _ranges(4), frozenset({13, 16, 19})),
    (CardBrand.MASTERCARD, _ranges((51, 55), (2221, 2720)), frozenset({16})),
    (
        CardBrand.DISCOVER,
        _ranges(6011, (644, 649), 65, (622126, 622925)),
        frozenset(range(16, 20)),
    ),
    (CardBrand.JCB, _ranges((3528, 3589)), frozenset(range(16, 20))),
    (CardBrand.DINERS, _ranges((300, 305), 36, (38, 39)), frozenset(range(14, 20))),
    (CardBrand.UNIONPAY, _ranges(62), frozenset(range(16, 20))),
    (
        CardBrand.MAESTRO,
        _ranges(50, (56, 58), 6304, 6759, 676770, 676774),
        frozenset(range(12, 20)),
    ),
)


def detect_brand(digits: str) -> CardBrand | None:
    """The brand whose IIN ranges hold the number, whatever its length; None if none does."""
    for brand, ranges, _ in _BRANDS:
        if any(prefix.matches(digits) for prefix in ranges):
            return brand
    return None


def _lengths(brand: CardBrand) -> frozenset[int]:
    return next(lengths for candidate, _, lengths in _BRANDS if candidate is brand)


@dataclass(frozen=True, slots=True, repr=False)
class CardNumber:
    """A primary account number: 12 to 19 digits, Luhn-valid, of a known brand and one of
    the lengths that brand issues. ``parse`` accepts spaces and dashes between digits."""

    digits: str

    def __post_init__(self) -> None:
        field = "card.number"
        if not isinstance(self.digits, str) or not self.digits:
            raise InvalidValueError(field, "is required")
        if not (self.digits.isascii() and self.digits.isdecimal()):
            raise InvalidValueError(field, "must be digits (spaces and dashes between them)")
        if not MIN_DIGITS <= len(self.digits) <= MAX_DIGITS:
            raise InvalidValueError(field, f"must be {MIN_DIGITS} to {MAX_DIGITS} digits")
        if not luhn_valid(self.digits):
            raise InvalidValueError(field, "is not a valid card number", code="invalid-card-number")
        brand = detect_brand(self.digits)
        if brand is None:
            raise InvalidValueError(
                field, "is not a card of a brand we accept", code="unsupported-card-brand"
            )
        if len(self.digits) not in _lengths(brand):
            raise InvalidValueError(
                field, f"has the wrong length for a {brand.value} card", code="invalid-card-number"
            )

    @classmethod
    def parse(cls, raw: str) -> CardNumber:
        if not isinstance(raw, str):
            raise InvalidValueError("card.number", "must be a string")
        return cls(raw.strip().translate(_SEPARATORS))

    @property
    def brand(self) -> CardBrand:
        brand = detect_brand(self.digits)
        assert brand is not None  # checked on construction
        return brand

    @property
    def last4(self) -> str:
        return self.digits[-4:]

    def __repr__(self) -> str:
        return f"CardNumber(brand={self.brand.value!r}, last4={self.last4!r})"


@dataclass(frozen=True, slots=True)
class CardExpiry:
    """The month a card expires in; it is valid through that month's last day."""

    month: int
    year: int

    def __post_init__(self) -> None:
        if isinstance(self.month, bool) or not isinstance(self.month, int):
            raise InvalidValueError("card.exp_month", "must be a whole number")
        if not 1 <= self.month <= 12:
            raise InvalidValueError("card.exp_month", "must be between 1 and 12")
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise InvalidValueError("card.exp_year", "must be a whole number")
        if not 2000 <= self.year <= 2099:
            raise InvalidValueError("card.exp_year", "must be a four-digit year")

    def check_current(self, now: datetime) -> None:
        """Refuse an expired card, or an expiry further ahead than cards are issued for."""
        if self.year < now.year:
            raise InvalidValueError("card.exp_year", "the card has expired", code="card-expired")
        if (self.year, self.month) < (now.year, now.month):
            raise InvalidValueError("card.exp_month", "the card has expired", code="card-expired")
        if self.year > now.year + MAX_YEARS_AHEAD:
            raise InvalidValueError(
                "card.exp_year", f"must be at most {MAX_YEARS_AHEAD} years ahead"
            )


@dataclass(frozen=True, slots=True, repr=False)
class Card:
    """A card as its holder gives it; the CVC has 4 digits on Amex cards and 3 on others."""

    number: CardNumber
    expiry: CardExpiry
    cvc: str
    holder: str

    def __post_init__(self) -> None:
        digits = 4 if self.number.brand is CardBrand.AMEX else 3
        if not (
            isinstance(self.cvc, str)
            and self.cvc.isascii()
            and self.cvc.isdecimal()
            and len(self.cvc) == digits
        ):
            raise InvalidValueError("card.cvc", f"must be {digits} digits for this card")
        check_holder(self.holder, field="card.holder")

    @classmethod
    def parse(
        cls,
        *,
        number: str,
        exp_month: int,
        exp_year: int,
        cvc: str,
        holder: str,
        now: datetime,
    ) -> Card:
        """A card from the fields a client sends, checked at ``now`` for expiry."""
        card_number = CardNumber.parse(number)
        expiry = CardExpiry(exp_month, exp_year)
        expiry.check_current(now)
        cvc = cvc.strip() if isinstance(cvc, str) else cvc
        return cls(card_number, expiry, cvc, check_holder(holder, field="card.holder"))

    @property
    def fingerprint_source(self) -> str:
        """What identifies the card whatever its expiry or holder: its number."""
        return f"card:{self.number.digits}"

    def summary(self) -> dict[str, str | int]:
        return {
            "brand": self.number.brand.value,
            "last4": self.number.last4,
            "exp_month": self.expiry.month,
            "exp_year": self.expiry.year,
            "holder": self.holder,
        }

    def __repr__(self) -> str:
        return f"Card({self.number!r}, exp={self.expiry.month:02d}/{self.expiry.year}, cvc='***')"
