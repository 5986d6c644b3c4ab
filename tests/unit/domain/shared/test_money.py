"""Money: integer minor units of one ISO currency, never mixed, never a float."""

import operator
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from decimal import Decimal
from functools import reduce
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from domain.shared.errors import InvalidValueError
from domain.shared.money import CurrencyMismatchError, Money

currencies = st.from_regex(r"[A-Z]{3}", fullmatch=True)
amounts = st.integers(min_value=-(10**15), max_value=10**15)


@st.composite
def same_currency_monies(draw: st.DrawFn, count: int) -> list[Money]:
    currency = draw(currencies)
    return [Money(draw(amounts), currency) for _ in range(count)]


def test_amount_and_currency_are_kept_when_constructed_from_valid_values() -> None:
    money = Money(1999, "EUR")

    assert (money.amount, money.currency) == (1999, "EUR")


def test_zero_has_no_amount_when_built_for_a_currency() -> None:
    zero = Money.zero("JPY")

    assert zero == Money(0, "JPY")


@pytest.mark.parametrize("amount", [19.99, 1.0, True, False, "100", None, Decimal(5)])
def test_invalid_amount_is_raised_when_amount_is_not_a_whole_number(amount: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Money(amount, "EUR")

    assert caught.value.field == "amount"


@pytest.mark.parametrize(
    "currency", ["eur", "Eur", "EU", "EURO", "E1R", "", " EUR", "EUR\n", 978, None]
)
def test_invalid_currency_is_raised_when_currency_is_not_an_iso_code(currency: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Money(100, currency)

    assert caught.value.field == "currency"


def test_sum_keeps_currency_when_adding_same_currency() -> None:
    total = Money(1050, "EUR") + Money(250, "EUR")

    assert total == Money(1300, "EUR")


def test_difference_keeps_currency_when_subtracting_same_currency() -> None:
    difference = Money(1050, "USD") - Money(250, "USD")

    assert difference == Money(800, "USD")


def test_result_is_negative_when_subtracting_a_larger_amount() -> None:
    difference = Money(100, "EUR") - Money(250, "EUR")

    assert difference.is_negative


def test_result_is_not_negative_when_amount_is_zero() -> None:
    zero = Money.zero("EUR")

    assert not zero.is_negative


def test_product_keeps_currency_when_multiplying_by_a_whole_number() -> None:
    product = Money(1999, "GBP") * 3

    assert product == Money(5997, "GBP")


@pytest.mark.parametrize("factor", [1.5, 2.0, True, "2", Decimal(2)])
def test_invalid_quantity_is_raised_when_multiplying_by_a_non_integer(factor: Any) -> None:
    money = Money(1000, "EUR")

    with pytest.raises(InvalidValueError) as caught:
        money * factor

    assert caught.value.field == "quantity"


@pytest.mark.parametrize(
    "operation",
    [operator.add, operator.sub, operator.lt, operator.le, operator.gt, operator.ge],
    ids=["add", "sub", "lt", "le", "gt", "ge"],
)
def test_currency_mismatch_is_raised_when_combining_two_currencies(
    operation: Callable[[Money, Money], object],
) -> None:
    euros, dollars = Money(100, "EUR"), Money(100, "USD")

    with pytest.raises(CurrencyMismatchError) as caught:
        operation(euros, dollars)

    assert (caught.value.field, caught.value.code) == ("currency", "currency-mismatch")


def test_currency_mismatch_is_an_invalid_value_when_caught_by_its_base() -> None:
    error = CurrencyMismatchError("EUR", "USD")

    assert isinstance(error, InvalidValueError)


def test_smaller_amount_compares_less_when_currencies_match() -> None:
    small, large = Money(100, "EUR"), Money(200, "EUR")

    comparisons = (small < large, small <= large, large > small, large >= small, small <= small)

    assert all(comparisons)


def test_equal_is_false_when_amounts_match_but_currencies_differ() -> None:
    euros, dollars = Money(100, "EUR"), Money(100, "USD")

    assert euros != dollars


def test_frozen_instance_error_is_raised_when_assigning_an_amount() -> None:
    money = Money(100, "EUR")

    with pytest.raises(FrozenInstanceError):
        money.amount = 200  # type: ignore[misc]


@given(same_currency_monies(3))
def test_addition_is_associative_when_currencies_match(monies: list[Money]) -> None:
    a, b, c = monies

    assert (a + b) + c == a + (b + c)


@given(same_currency_monies(2))
def test_addition_is_commutative_when_currencies_match(monies: list[Money]) -> None:
    a, b = monies

    assert a + b == b + a


@given(same_currency_monies(1), st.integers(min_value=0, max_value=60))
def test_product_equals_repeated_sum_when_multiplying_by_n(monies: list[Money], n: int) -> None:
    (money,) = monies

    product = money * n

    assert product == reduce(operator.add, [money] * n, Money.zero(money.currency))


@given(same_currency_monies(2))
def test_subtraction_undoes_addition_when_currencies_match(monies: list[Money]) -> None:
    a, b = monies

    assert (a + b) - b == a


@given(currencies, currencies, amounts, amounts)
def test_currency_mismatch_is_raised_when_any_two_currencies_differ(
    left: str, right: str, left_amount: int, right_amount: int
) -> None:
    assume(left != right)

    with pytest.raises(CurrencyMismatchError):
        Money(left_amount, left) + Money(right_amount, right)
