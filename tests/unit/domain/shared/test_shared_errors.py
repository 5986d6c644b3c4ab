"""The base errors: each has a stable kebab-case code, and InvalidValueError names a field."""

import re

import pytest

from domain.shared.errors import (
    ConcurrentUpdateError,
    ConflictError,
    DomainError,
    InvalidValueError,
    NotFoundError,
)

KEBAB_CASE = re.compile(r"[a-z]+(?:-[a-z]+)*")


@pytest.mark.parametrize(
    "error_class",
    [DomainError, InvalidValueError, NotFoundError, ConflictError, ConcurrentUpdateError],
)
def test_code_is_kebab_case_when_read_from_any_base_error(error_class: type[DomainError]) -> None:
    code = error_class.code

    assert KEBAB_CASE.fullmatch(code)


def test_message_is_kept_when_a_domain_error_is_raised() -> None:
    error = DomainError("something broke")

    assert (error.message, str(error)) == ("something broke", "something broke")


def test_field_is_kept_when_an_invalid_value_is_raised() -> None:
    error = InvalidValueError("quantity", "must be positive")

    assert (error.field, error.message, error.code) == (
        "quantity",
        "must be positive",
        "invalid-value",
    )


def test_code_is_overridden_when_given_explicitly() -> None:
    error = InvalidValueError("sku", "is malformed", code="invalid-sku")

    assert error.code == "invalid-sku"


def test_class_code_is_unchanged_when_an_instance_overrides_its_code() -> None:
    InvalidValueError("sku", "is malformed", code="invalid-sku")

    fresh = InvalidValueError("sku", "is malformed")

    assert (fresh.code, InvalidValueError.code) == ("invalid-value", "invalid-value")


def test_concurrent_update_is_a_conflict_when_caught_by_its_base() -> None:
    error = ConcurrentUpdateError("row changed")

    assert isinstance(error, ConflictError)


@pytest.mark.parametrize("error_class", [InvalidValueError, NotFoundError, ConflictError])
def test_every_base_is_a_domain_error_when_caught_by_the_root(
    error_class: type[DomainError],
) -> None:
    is_domain_error = issubclass(error_class, DomainError)

    assert is_domain_error
