"""FullName: a person's name as written, trimmed, 1 to 200 characters, no control codes."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.identity.values import FULL_NAME_MAX_LENGTH, FullName
from domain.shared.errors import InvalidValueError

name_text = st.text(
    alphabet=st.characters(categories=["L", "M", "N", "P", "S", "Zs"]) | st.sampled_from(" \t\n\r"),
    max_size=60,
)


def test_padding_is_trimmed_when_parsed() -> None:
    name = FullName.parse("  Ada Lovelace\t\n")

    assert name.value == "Ada Lovelace"


def test_inner_whitespace_is_folded_to_one_space_when_parsed() -> None:
    name = FullName.parse("Ada \t  King\u00a0\u00a0Lovelace")

    assert name.value == "Ada King Lovelace"


def test_case_and_punctuation_are_kept_when_parsed() -> None:
    name = FullName.parse("Zoë O'Neill-García")

    assert name.value == "Zoë O'Neill-García"


def test_value_is_returned_when_converted_to_str() -> None:
    name = FullName.parse("Grace Hopper")

    assert str(name) == "Grace Hopper"


def test_single_character_is_accepted_when_parsed() -> None:
    name = FullName.parse("Q")

    assert name.value == "Q"


@pytest.mark.parametrize("raw", ["", " ", "\t\n  "])
def test_invalid_value_is_raised_when_name_is_blank(raw: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        FullName.parse(raw)

    assert caught.value.field == "full_name"


def test_name_is_accepted_when_exactly_at_the_length_limit() -> None:
    raw = "A" * FULL_NAME_MAX_LENGTH

    name = FullName.parse(raw)

    assert len(name.value) == FULL_NAME_MAX_LENGTH


def test_invalid_value_is_raised_when_one_character_over_the_length_limit() -> None:
    raw = "A" * (FULL_NAME_MAX_LENGTH + 1)

    with pytest.raises(InvalidValueError) as caught:
        FullName.parse(raw)

    assert caught.value.field == "full_name"


def test_length_is_measured_after_folding_when_parsed() -> None:
    raw = "  " + "A" * FULL_NAME_MAX_LENGTH + "   "

    name = FullName.parse(raw)

    assert len(name.value) == FULL_NAME_MAX_LENGTH


@pytest.mark.parametrize(
    "raw",
    [
        "Ada\x00Lovelace",
        "Ada\x07",
        "Ada\x7fLovelace",
        "Ada\u200bLovelace",
        "Ada\u202eecalevoL",
        "Ada\ue000",
    ],
    ids=["nul", "bell", "delete", "zero-width-space", "rtl-override", "private-use"],
)
def test_invalid_value_is_raised_when_name_holds_a_control_character(raw: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        FullName.parse(raw)

    assert caught.value.field == "full_name"


@pytest.mark.parametrize("value", [" Ada", "Ada ", "", "Ada\nLovelace"])
def test_invalid_value_is_raised_when_constructed_from_an_untrimmed_or_control_value(
    value: str,
) -> None:
    with pytest.raises(InvalidValueError):
        FullName(value)


@pytest.mark.parametrize("raw", [None, 42, ["Ada"]])
def test_invalid_value_is_raised_when_parsing_a_non_string(raw: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        FullName.parse(raw)

    assert caught.value.field == "full_name"


def test_invalid_value_is_raised_when_constructed_from_a_non_string() -> None:
    with pytest.raises(InvalidValueError):
        FullName(42)  # type: ignore[arg-type]


@given(name_text.filter(lambda raw: raw.strip()))
def test_parse_is_idempotent_when_applied_to_its_own_output(raw: str) -> None:
    once = FullName.parse(raw)

    twice = FullName.parse(once.value)

    assert twice == once


@given(name_text.filter(lambda raw: raw.strip()))
def test_parsed_name_has_no_padding_or_double_spaces_when_text_has_visible_characters(
    raw: str,
) -> None:
    name = FullName.parse(raw)

    assert name.value == name.value.strip()
    assert "  " not in name.value


@pytest.mark.parametrize("raw", ["Ada  Lovelace", "Ada\u00a0Lovelace", "Ada\u2028Lovelace"])
def test_direct_construction_is_refused_when_value_is_not_in_parsed_form(raw: str) -> None:
    with pytest.raises(InvalidValueError):
        FullName(raw)
