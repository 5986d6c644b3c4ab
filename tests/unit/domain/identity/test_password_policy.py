"""check_password: a length window, no known passwords, no patterns, nothing about the user."""

import unicodedata
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from domain.identity.errors import WeakPasswordError
from domain.identity.password_policy import MAX_LENGTH, MIN_LENGTH, check_password
from domain.shared.errors import InvalidValueError

EMAIL = "carol.tester@example.com"
FULL_NAME = "Carol Tester"
CONTEXT_WORDS = ("carol.tester@example.com", "carol.tester", "caroltester", "carol", "tester")

# Non-ASCII letters keep a generated password off the (all-ASCII) block-list.
_CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
_GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèàüöçñ"

words = st.text(alphabet=_LATIN + _CYRILLIC + _GREEK, min_size=3, max_size=10)
foreign_words = st.text(alphabet=_CYRILLIC + _GREEK, min_size=3, max_size=10)


@st.composite
def passphrases(draw: st.DrawFn) -> str:
    """Several distinct words joined by spaces: never one repeated unit nor a run of codes."""
    chosen = draw(st.lists(words, min_size=3, max_size=9, unique_by=str.casefold))
    anchor = draw(foreign_words.filter(lambda w: w.casefold() not in map(str.casefold, chosen)))
    position = draw(st.integers(min_value=0, max_value=len(chosen)))
    chosen.insert(position, anchor)
    passphrase = " ".join(chosen)
    assume(MIN_LENGTH <= len(passphrase) <= MAX_LENGTH)
    return passphrase


def test_password_is_accepted_when_a_long_unrelated_passphrase() -> None:
    password = "purple tugboat sings in April"

    check_password(password, email=EMAIL, full_name=FULL_NAME)


def test_password_is_accepted_when_exactly_minimum_length() -> None:
    password = "x7#kQ9!mzR2w"

    check_password(password)


def test_password_is_accepted_when_exactly_maximum_length() -> None:
    password = ("velvet lantern orbit " * 7)[: MAX_LENGTH - 4] + "zq9!"

    check_password(password)


def test_weak_password_is_raised_when_one_character_short() -> None:
    password = "x7#kQ9!mzR2"

    with pytest.raises(WeakPasswordError):
        check_password(password)


def test_weak_password_is_raised_when_one_character_too_long() -> None:
    password = ("velvet lantern orbit " * 7)[: MAX_LENGTH - 3] + "zq9!"

    with pytest.raises(WeakPasswordError):
        check_password(password)


def test_weak_password_is_raised_when_empty() -> None:
    with pytest.raises(WeakPasswordError):
        check_password("")


@pytest.mark.parametrize("password", [None, 123456789012345, b"purple tugboat sings"])
def test_weak_password_is_raised_when_not_a_string(password: Any) -> None:
    with pytest.raises(WeakPasswordError):
        check_password(password)


def test_error_names_the_password_field_when_policy_is_broken() -> None:
    with pytest.raises(WeakPasswordError) as caught:
        check_password("short")

    assert (caught.value.field, caught.value.code) == ("password", "weak-password")


def test_weak_password_is_an_invalid_value_when_caught_by_its_base() -> None:
    error = WeakPasswordError("is too short")

    assert isinstance(error, InvalidValueError)


@pytest.mark.parametrize(
    "password",
    [
        "passwordpassword",
        "PasswordPassword",
        "correcthorsebatterystaple",
        "Correct Horse Battery Staple",
        "qwertyuiop123",
        "1qaz2wsx3edc",
        "welcometothejungle",
    ],
)
def test_weak_password_is_raised_when_password_is_on_the_block_list(password: str) -> None:
    with pytest.raises(WeakPasswordError):
        check_password(password)


@pytest.mark.parametrize(
    "password",
    [
        "password2024!",
        "Password!!!!",
        "monkey123456",
        "dragon!@#$%^",
        "iloveyou2025",
        "superman.???",
    ],
)
def test_weak_password_is_raised_when_common_password_has_digits_or_symbols_appended(
    password: str,
) -> None:
    with pytest.raises(WeakPasswordError):
        check_password(password)


@pytest.mark.parametrize("password", ["2024password", "!!!!sunshine", "12princess34"])
def test_weak_password_is_raised_when_common_password_is_wrapped_in_digits_or_symbols(
    password: str,
) -> None:
    with pytest.raises(WeakPasswordError):
        check_password(password)


@pytest.mark.parametrize("password", ["pass word 1234", "i love you 123", "let me in please"])
def test_weak_password_is_raised_when_common_password_is_spaced_out(password: str) -> None:
    with pytest.raises(WeakPasswordError):
        check_password(password)


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",
        "############",
        "xyxyxyxyxyxy",
        "k2pk2pk2pk2pk2p",
        "zq9!zq9!zq9!",
        "XyXyxYxYxyXY",
    ],
)
def test_weak_password_is_raised_when_password_repeats_a_short_unit(password: str) -> None:
    with pytest.raises(WeakPasswordError):
        check_password(password)


@pytest.mark.parametrize(
    "password", ["lmnopqrstuvw", "wvutsrqponml", "LmNoPqRsTuVw", "3456789:;<=>", "αβγδεζηθικλμ"]
)
def test_weak_password_is_raised_when_password_is_a_run_of_consecutive_characters(
    password: str,
) -> None:
    with pytest.raises(WeakPasswordError):
        check_password(password)


@pytest.mark.parametrize(
    "password",
    ["my carol.tester@example.com pw", "CAROL.TESTER@EXAMPLE.COM!"],
)
def test_weak_password_is_raised_when_password_contains_the_email(password: str) -> None:
    with pytest.raises(WeakPasswordError):
        check_password(password, email=EMAIL)


def test_weak_password_is_raised_when_password_contains_the_email_local_part() -> None:
    password = "xx-Carol.Tester-rocks"

    with pytest.raises(WeakPasswordError):
        check_password(password, email=EMAIL)


def test_password_is_accepted_when_it_contains_a_local_part_shorter_than_four() -> None:
    password = "bob likes purple tugboats"

    check_password(password, email="bob@example.com")


@pytest.mark.parametrize(
    "password",
    ["I am Carol and I code", "purple TESTER tugboat", "caroltester-forever", "Carol Tester 1999"],
)
def test_weak_password_is_raised_when_password_contains_the_users_name(password: str) -> None:
    with pytest.raises(WeakPasswordError):
        check_password(password, full_name=FULL_NAME)


def test_password_is_accepted_when_it_contains_a_name_part_shorter_than_four() -> None:
    password = "the ada purple tugboat"

    check_password(password, full_name="Ada Lovelace")


def test_password_is_accepted_when_no_email_or_name_is_given() -> None:
    password = "carol.tester@example.com"

    check_password(password)


@given(passphrases())
def test_password_is_accepted_when_made_of_distinct_random_words(password: str) -> None:
    assume(not any(word in password.casefold() for word in CONTEXT_WORDS))

    check_password(password, email=EMAIL, full_name=FULL_NAME)


@given(passphrases(), st.sampled_from(CONTEXT_WORDS), st.booleans())
def test_weak_password_is_raised_when_any_passphrase_embeds_a_context_word(
    passphrase: str, context_word: str, upper: bool
) -> None:
    embedded = context_word.upper() if upper else context_word
    password = f"{passphrase} {embedded}"[-MAX_LENGTH:]
    assume(context_word in password.casefold())

    with pytest.raises(WeakPasswordError):
        check_password(password, email=EMAIL, full_name=FULL_NAME)


@given(st.text(min_size=0, max_size=MIN_LENGTH - 1))
def test_weak_password_is_raised_when_any_text_is_shorter_than_the_minimum(password: str) -> None:
    assume(len(unicodedata.normalize("NFKC", password)) < MIN_LENGTH)

    with pytest.raises(WeakPasswordError):
        check_password(password)


@pytest.mark.parametrize(
    "password", ["password~~~~", "qwerty;;;;;;", "iloveyou<3<3", "password////"]
)
def test_common_password_is_rejected_when_padded_with_any_symbols(password: str) -> None:
    with pytest.raises(WeakPasswordError):
        check_password(password)


def test_name_is_rejected_when_the_stored_name_is_in_decomposed_unicode() -> None:
    decomposed_name = unicodedata.normalize("NFD", "Anaïs Dupré")

    with pytest.raises(WeakPasswordError):
        check_password("jaime anaïs dupré beaucoup", full_name=decomposed_name)
