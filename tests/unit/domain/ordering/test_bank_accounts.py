"""IBANs: printed form accepted, country length and mod-97 checked, never shown in full."""

from __future__ import annotations

import pytest

from domain.ordering.bank_accounts import IBAN_LENGTHS, Iban
from domain.shared.errors import InvalidValueError
from tests.builders.ordering import (
    BRITISH_IBAN,
    DUTCH_IBAN,
    FRENCH_IBAN,
    GERMAN_IBAN,
    a_bank_account,
)


@pytest.mark.parametrize("iban", [GERMAN_IBAN, BRITISH_IBAN, FRENCH_IBAN, DUTCH_IBAN])
def test_parse_accepts_the_iban_when_it_is_valid(iban: str) -> None:
    assert Iban.parse(iban).value == iban


def test_parse_normalizes_the_printed_form_when_grouped_in_lower_case() -> None:
    iban = Iban.parse("  de89 3704 0044 0532 0130 00 ")

    assert iban.value == GERMAN_IBAN
    assert (iban.country, iban.last4) == ("DE", "3000")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "invalid-value"),
        ("DE8937040044053201300", "invalid-value"),
        ("DE890370400440532013000", "invalid-value"),
        ("DE88370400440532013000", "invalid-iban"),
        ("DE89370400440532013001", "invalid-iban"),
        ("XX89370400440532013000", "unsupported-iban-country"),
        ("D189370400440532013000", "invalid-value"),
        ("DE89 3704 0044 0532 0130 0!", "invalid-value"),
    ],
)
def test_parse_raises_on_iban_when_it_is_wrong(raw: str, code: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Iban.parse(raw)

    assert (caught.value.field, caught.value.code) == ("bank_account.iban", code)
    assert raw.strip() == "" or raw not in str(caught.value)


def test_every_sepa_country_has_a_length_when_the_table_is_read() -> None:
    sepa = {"AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR",
            "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "PL",
            "PT", "RO", "SE", "SI", "SK", "SM", "AD", "VA"}  # fmt: skip

    assert sepa <= IBAN_LENGTHS.keys()
    assert all(15 <= length <= 34 for length in IBAN_LENGTHS.values())


def test_repr_and_summary_show_only_country_and_last4_when_an_account_is_printed() -> None:
    account = a_bank_account(GERMAN_IBAN, holder="Ada Lovelace")

    shown = repr(account) + str(account) + str(account.summary())

    assert GERMAN_IBAN not in shown
    assert GERMAN_IBAN[4:12] not in shown
    assert account.summary() == {"country": "DE", "last4": "3000", "holder": "Ada Lovelace"}


def test_parse_raises_on_holder_when_the_holder_is_missing() -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_bank_account(holder=" ")

    assert caught.value.field == "bank_account.holder"
