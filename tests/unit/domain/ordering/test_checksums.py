"""Luhn and IBAN mod-97: valid numbers pass, any single changed character fails."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.ordering.checksums import iban_remainder, luhn_check_digit, luhn_valid
from tests.builders.ordering import BRITISH_IBAN, DUTCH_IBAN, FRENCH_IBAN, GERMAN_IBAN

payloads = st.text(alphabet=string.digits, min_size=11, max_size=18)
ibans = st.sampled_from([GERMAN_IBAN, BRITISH_IBAN, FRENCH_IBAN, DUTCH_IBAN])


@given(payloads)
def test_a_number_passes_luhn_when_it_ends_in_its_check_digit(payload: str) -> None:
    number = payload + luhn_check_digit(payload)

    assert luhn_valid(number)


@given(payloads, st.data())
def test_luhn_fails_when_one_digit_of_a_valid_number_changes(
    payload: str, data: st.DataObject
) -> None:
    number = payload + luhn_check_digit(payload)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    digit = data.draw(st.sampled_from([d for d in string.digits if d != number[position]]))

    changed = number[:position] + digit + number[position + 1 :]

    assert not luhn_valid(changed)


@given(payloads, st.data())
def test_luhn_fails_when_two_adjacent_different_digits_swap(
    payload: str, data: st.DataObject
) -> None:
    number = payload + luhn_check_digit(payload)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 2))
    first, second = number[position], number[position + 1]
    # Luhn's one blind spot among adjacent swaps: 09 <-> 90.
    if first == second or {first, second} == {"0", "9"}:
        return

    swapped = number[:position] + second + first + number[position + 2 :]

    assert not luhn_valid(swapped)


@pytest.mark.parametrize("text", ["", "42a2", "\uff14\uff12\uff14\uff12"])
def test_luhn_fails_when_the_text_is_not_ascii_digits(text: str) -> None:
    assert not luhn_valid(text)


@given(ibans)
def test_mod97_leaves_one_when_the_iban_is_valid(iban: str) -> None:
    assert iban_remainder(iban) == 1


@given(ibans, st.data())
def test_mod97_fails_when_one_character_of_a_valid_iban_changes(
    iban: str, data: st.DataObject
) -> None:
    position = data.draw(st.integers(min_value=2, max_value=len(iban) - 1))
    alphabet = string.digits if iban[position].isdigit() else string.ascii_uppercase
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != iban[position]]))

    changed = iban[:position] + replacement + iban[position + 1 :]

    assert iban_remainder(changed) != 1
