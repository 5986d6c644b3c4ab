"""Bank accounts by IBAN: the country's length and the ISO 13616 mod-97 check digits.

The full IBAN is never stored, logged or returned: only its country and last four
characters, and the fingerprint made from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.ordering.checksums import iban_remainder
from domain.ordering.holders import check_holder
from domain.shared.errors import InvalidValueError

# IBAN lengths of the SEPA countries and a few others, from the SWIFT IBAN registry.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
    "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22,
    "GI": 23, "GL": 18, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18,
    "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SA": 24, "SE": 24, "SI": 19, "SK": 24,
    "SM": 27, "TR": 26, "VA": 22,
}  # fmt: skip

_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}")
_SEPARATORS = str.maketrans("", "", " -")


@dataclass(frozen=True, slots=True, repr=False)
class Iban:
    """An International Bank Account Number in electronic form (no spaces, upper case).

    ``parse`` accepts the printed form: groups separated by spaces, any letter case.
    """

    value: str

    def __post_init__(self) -> None:
        field = "bank_account.iban"
        if not isinstance(self.value, str) or not self.value:
            raise InvalidValueError(field, "is required")
        if not _SHAPE.fullmatch(self.value):
            raise InvalidValueError(
                field, "must be a country code, two check digits and up to 30 letters or digits"
            )
        country = self.value[:2]
        length = IBAN_LENGTHS.get(country)
        if length is None:
            raise InvalidValueError(
                field, f"accounts in {country} are not supported", code="unsupported-iban-country"
            )
        if len(self.value) != length:
            raise InvalidValueError(field, f"must be {length} characters long for {country}")
        if iban_remainder(self.value) != 1:
            raise InvalidValueError(field, "has wrong check digits", code="invalid-iban")

    @classmethod
    def parse(cls, raw: str) -> Iban:
        if not isinstance(raw, str):
            raise InvalidValueError("bank_account.iban", "must be a string")
        return cls(raw.strip().translate(_SEPARATORS).upper())

    @property
    def country(self) -> str:
        return self.value[:2]

    @property
    def last4(self) -> str:
        return self.value[-4:]

    def __repr__(self) -> str:
        return f"Iban(country={self.country!r}, last4={self.last4!r})"


@dataclass(frozen=True, slots=True, repr=False)
class BankAccount:
    iban: Iban
    holder: str

    def __post_init__(self) -> None:
        check_holder(self.holder, field="bank_account.holder")

    @classmethod
    def parse(cls, *, iban: str, holder: str) -> BankAccount:
        return cls(Iban.parse(iban), check_holder(holder, field="bank_account.holder"))

    @property
    def fingerprint_source(self) -> str:
        return f"bank_account:{self.iban.value}"

    def summary(self) -> dict[str, str | int]:
        return {"country": self.iban.country, "last4": self.iban.last4, "holder": self.holder}

    def __repr__(self) -> str:
        return f"BankAccount({self.iban!r})"
