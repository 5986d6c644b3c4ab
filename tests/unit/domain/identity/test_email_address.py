"""EmailAddress: one normal form per mailbox, and only plausible addresses."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.identity.errors import InvalidEmailError
from domain.identity.values import EMAIL_MAX_LENGTH, EmailAddress
from domain.shared.errors import InvalidValueError

_LOCAL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-"
_LABEL_EDGE = "abcdefghijklmnopqrstuvwxyz0123456789"
_LABEL_INNER = _LABEL_EDGE + "-"

local_atoms = st.text(alphabet=_LOCAL_CHARS, min_size=1, max_size=10)
local_parts = (
    st.lists(local_atoms, min_size=1, max_size=4)
    .map(".".join)
    .filter(lambda local: len(local) <= 64)
)


@st.composite
def domain_labels(draw: st.DrawFn) -> str:
    first = draw(st.sampled_from(_LABEL_EDGE))
    inner = draw(st.text(alphabet=_LABEL_INNER, max_size=8))
    last = draw(st.sampled_from(_LABEL_EDGE)) if inner else ""
    return first + inner + last


domains = st.lists(domain_labels(), min_size=2, max_size=4).map(".".join)
normal_addresses = st.builds(lambda local, domain: f"{local}@{domain}", local_parts, domains)


def _mixed_case(text: str, flips: list[bool]) -> str:
    return "".join(
        ch.upper() if flip else ch
        for ch, flip in zip(text, flips + [False] * len(text), strict=False)
    )


def test_address_is_lower_cased_and_trimmed_when_parsed() -> None:
    email = EmailAddress.parse("  Ada.Lovelace@Example.COM \n")

    assert email.value == "ada.lovelace@example.com"


def test_fullwidth_characters_are_folded_when_parsed() -> None:
    fullwidth = "".join(chr(ord(ch) + 0xFEE0) for ch in "ada@example.com")

    email = EmailAddress.parse(fullwidth)

    assert email.value == "ada@example.com"


def test_local_part_is_returned_when_asked_for() -> None:
    email = EmailAddress.parse("ada.lovelace+shop@example.com")

    assert email.local_part == "ada.lovelace+shop"


def test_value_is_returned_when_converted_to_str() -> None:
    email = EmailAddress.parse("Ada@Example.com")

    assert str(email) == "ada@example.com"


def test_addresses_are_equal_when_spelled_in_different_cases() -> None:
    first, second = EmailAddress.parse("ADA@EXAMPLE.COM"), EmailAddress.parse("ada@example.com")

    assert first == second


@pytest.mark.parametrize(
    "raw",
    [
        "a@example.com",
        "ada.lovelace@example.co.uk",
        "o'brien+tag@mail-server.example.org",
        "x_y-z@sub.domain.example",
        "1234@123.example",
        "a" * 64 + "@example.com",
    ],
)
def test_address_is_accepted_when_well_formed(raw: str) -> None:
    email = EmailAddress.parse(raw)

    assert email.value == raw


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "ada.example.com",
        "@example.com",
        "ada@",
        "ada@@example.com",
        "ada@lovelace@example.com",
        ".ada@example.com",
        "ada.@example.com",
        "ada..lovelace@example.com",
        "ada lovelace@example.com",
        "ada(comment)@example.com",
        '"ada"@example.com',
        "adä@example.com",
        "a" * 65 + "@example.com",
        "ada@localhost",
        "ada@example..com",
        "ada@.example.com",
        "ada@example.com.",
        "ada@-example.com",
        "ada@example-.com",
        "ada@exa_mple.com",
        "ada@exa mple.com",
        "ada@bücher.de",
        "ada@" + "b" * 64 + ".com",
    ],
)
def test_invalid_email_is_raised_when_address_is_malformed(raw: str) -> None:
    with pytest.raises(InvalidEmailError) as caught:
        EmailAddress.parse(raw)

    assert (caught.value.field, caught.value.code) == ("email", "invalid-email")


def test_address_is_accepted_when_exactly_at_the_length_limit() -> None:
    raw = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 61

    email = EmailAddress.parse(raw)

    assert len(email.value) == EMAIL_MAX_LENGTH


def test_invalid_email_is_raised_when_one_character_over_the_length_limit() -> None:
    raw = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 62

    with pytest.raises(InvalidEmailError):
        EmailAddress.parse(raw)


@pytest.mark.parametrize("raw", [None, 42, b"ada@example.com"])
def test_invalid_email_is_raised_when_parsing_a_non_string(raw: Any) -> None:
    with pytest.raises(InvalidEmailError):
        EmailAddress.parse(raw)


@pytest.mark.parametrize(
    "value", ["Ada@example.com", " ada@example.com", "ada@example.com\n", "\uff41da@example.com"]
)
def test_invalid_email_is_raised_when_constructed_from_a_non_normal_value(value: str) -> None:
    with pytest.raises(InvalidEmailError):
        EmailAddress(value)


def test_invalid_email_is_raised_when_constructed_from_a_malformed_normal_value() -> None:
    with pytest.raises(InvalidEmailError):
        EmailAddress("ada..lovelace@example.com")


def test_invalid_email_is_raised_when_constructed_from_a_non_string() -> None:
    with pytest.raises(InvalidEmailError):
        EmailAddress(None)  # type: ignore[arg-type]


def test_invalid_email_is_an_invalid_value_when_caught_by_its_base() -> None:
    error = InvalidEmailError("is required")

    assert isinstance(error, InvalidValueError)


@given(normal_addresses)
def test_parse_ignores_case_and_padding_when_address_is_valid(raw: str) -> None:
    parsed = EmailAddress.parse(raw)

    assert parsed == EmailAddress.parse(raw.upper()) == EmailAddress.parse(f"  {raw}  ")


@given(normal_addresses, st.lists(st.booleans(), max_size=80))
def test_parse_ignores_mixed_case_when_address_is_valid(raw: str, flips: list[bool]) -> None:
    mixed = _mixed_case(raw, flips)

    parsed = EmailAddress.parse(mixed)

    assert parsed == EmailAddress.parse(raw)


@given(normal_addresses)
def test_value_is_unchanged_when_address_is_already_normal(raw: str) -> None:
    parsed = EmailAddress.parse(raw)

    assert parsed.value == raw


@given(normal_addresses)
def test_parse_is_idempotent_when_applied_to_its_own_output(raw: str) -> None:
    once = EmailAddress.parse(f" {raw.upper()} ")

    twice = EmailAddress.parse(once.value)

    assert twice == once


@given(normal_addresses)
def test_direct_construction_agrees_with_parse_when_value_is_normal(raw: str) -> None:
    constructed = EmailAddress(raw)

    assert constructed == EmailAddress.parse(raw)


@given(st.text(max_size=300))
def test_parsed_address_is_in_normal_form_when_arbitrary_text_parses(raw: str) -> None:
    try:
        parsed = EmailAddress.parse(raw)
    except InvalidEmailError:
        return

    assert EmailAddress(parsed.value) == parsed
