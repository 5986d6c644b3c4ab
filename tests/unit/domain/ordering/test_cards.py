"""Cards: number (separators, Luhn, brand, length), expiry against the clock, CVC, masking."""

from __future__ import annotations

import pytest

from domain.ordering.cards import Card, CardBrand, CardExpiry, CardNumber, detect_brand
from domain.shared.errors import InvalidValueError
from tests.builders.ordering import (
    AMEX,
    DISCOVER,
    MASTERCARD,
    SUCCEEDING_CARD,
    T0,
    a_card,
    a_unique_card_number,
)


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        (SUCCEEDING_CARD, CardBrand.VISA),
        ("4111111111111", CardBrand.VISA),
        (MASTERCARD, CardBrand.MASTERCARD),
        ("2223003122003222", CardBrand.MASTERCARD),
        (AMEX, CardBrand.AMEX),
        ("371449635398431", CardBrand.AMEX),
        (DISCOVER, CardBrand.DISCOVER),
        ("6445644564456445", CardBrand.DISCOVER),
        ("3530111333300000", CardBrand.JCB),
        ("30569309025904", CardBrand.DINERS),
        ("6200000000000005", CardBrand.UNIONPAY),
        ("6221260000000000", CardBrand.DISCOVER),
    ],
)
def test_brand_is_detected_from_the_iin_when_the_number_is_of_a_known_range(
    number: str, brand: CardBrand
) -> None:
    assert detect_brand(number) is brand


def test_parse_strips_spaces_and_dashes_when_the_number_is_grouped() -> None:
    number = CardNumber.parse(" 4242 4242-4242 4242 ")

    assert number.digits == SUCCEEDING_CARD
    assert (number.brand, number.last4) == (CardBrand.VISA, "4242")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "invalid-value"),
        ("4242 4242 4242 424x", "invalid-value"),
        ("42424242424", "invalid-value"),
        ("4" * 20, "invalid-value"),
        ("4242424242424241", "invalid-card-number"),
        ("9999999999999995", "unsupported-card-brand"),
        ("424242424242424242", "invalid-card-number"),
    ],
)
def test_parse_raises_on_card_number_when_the_number_is_wrong(raw: str, code: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        CardNumber.parse(raw)

    assert (caught.value.field, caught.value.code) == ("card.number", code)


def test_errors_never_carry_the_number_when_a_card_is_refused() -> None:
    wrong = "4242424242424241"

    with pytest.raises(InvalidValueError) as caught:
        CardNumber.parse(wrong)

    assert wrong not in str(caught.value)
    assert wrong[:12] not in repr(caught.value)


def test_repr_masks_the_number_and_cvc_when_a_card_is_printed() -> None:
    card = a_card(AMEX, cvc="9876")

    shown = repr(card) + str(card) + repr(card.number)

    assert AMEX not in shown
    assert AMEX[:6] not in shown
    assert "9876" not in shown
    assert "0005" in shown


@pytest.mark.parametrize(("month", "year"), [(12, 2025), (11, 2025), (1, 2020)])
def test_parse_raises_card_expired_when_the_expiry_month_has_passed(month: int, year: int) -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_card(exp_month=month, exp_year=year, now=T0)

    assert caught.value.code == "card-expired"
    assert caught.value.field in {"card.exp_month", "card.exp_year"}


def test_the_card_is_accepted_when_it_expires_in_the_current_month() -> None:
    card = a_card(exp_month=T0.month, exp_year=T0.year, now=T0)

    assert (card.expiry.month, card.expiry.year) == (T0.month, T0.year)


def test_expiry_names_the_month_when_only_the_month_has_passed() -> None:
    expiry = CardExpiry(1, 2026)

    with pytest.raises(InvalidValueError) as caught:
        expiry.check_current(T0.replace(month=3))

    assert caught.value.field == "card.exp_month"


@pytest.mark.parametrize(
    ("month", "year", "field"),
    [(0, 2030, "card.exp_month"), (13, 2030, "card.exp_month"), (12, 30, "card.exp_year")],
)
def test_parse_raises_on_the_expiry_field_when_it_is_out_of_range(
    month: int, year: int, field: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_card(exp_month=month, exp_year=year)

    assert caught.value.field == field


def test_parse_raises_on_exp_year_when_it_is_further_ahead_than_cards_are_issued() -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_card(exp_year=T0.year + 21)

    assert caught.value.field == "card.exp_year"


@pytest.mark.parametrize(
    ("number", "cvc"),
    [(SUCCEEDING_CARD, "1234"), (SUCCEEDING_CARD, "12"), (AMEX, "123"), (MASTERCARD, "12a")],
)
def test_parse_raises_on_cvc_when_it_has_the_wrong_length_for_the_brand(
    number: str, cvc: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_card(number, cvc=cvc)

    assert caught.value.field == "card.cvc"
    assert cvc not in str(caught.value)


@pytest.mark.parametrize("holder", ["", "   ", "x" * 101, "Ada\x00Lovelace"])
def test_parse_raises_on_holder_when_it_is_empty_too_long_or_unprintable(holder: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        a_card(holder=holder)

    assert caught.value.field == "card.holder"


def test_summary_holds_brand_last4_expiry_and_holder_when_a_card_is_summarised() -> None:
    card = a_card(MASTERCARD, exp_month=3, exp_year=2029, holder="  Grace   Hopper ")

    assert card.summary() == {
        "brand": "mastercard",
        "last4": "4444",
        "exp_month": 3,
        "exp_year": 2029,
        "holder": "Grace Hopper",
    }


def test_the_fingerprint_source_ignores_expiry_and_holder_when_the_number_is_the_same() -> None:
    number = a_unique_card_number()

    first = a_card(number, exp_year=2030, holder="Ada")
    second = a_card(number, exp_year=2031, holder="Someone Else")

    assert first.fingerprint_source == second.fingerprint_source


def test_construction_revalidates_the_cvc_when_a_card_is_built_directly() -> None:
    with pytest.raises(InvalidValueError):
        Card(CardNumber(AMEX), CardExpiry(1, 2030), "123", "Ada")
