"""Errors of the identity model: each subclasses one base and has a stable kebab-case code."""

import re
from uuid import UUID

import pytest

from domain.identity.errors import (
    EmailAlreadyRegisteredError,
    IllegalUserTransitionError,
    InvalidEmailError,
    LastActiveAdminError,
    UserNotFoundError,
    WeakPasswordError,
)
from domain.shared.errors import ConflictError, DomainError, InvalidValueError, NotFoundError

KEBAB_CASE = re.compile(r"[a-z]+(?:-[a-z]+)*")
USER_ID = UUID("0b8f7c52-3e61-4d1a-a3f2-7c9d8e6b5a41")

ERRORS: list[tuple[DomainError, type[DomainError], str]] = [
    (WeakPasswordError("is too short"), InvalidValueError, "weak-password"),
    (InvalidEmailError("is required"), InvalidValueError, "invalid-email"),
    (EmailAlreadyRegisteredError(), ConflictError, "email-already-registered"),
    (UserNotFoundError(USER_ID), NotFoundError, "user-not-found"),
    (IllegalUserTransitionError("no"), ConflictError, "illegal-user-transition"),
    (LastActiveAdminError(), ConflictError, "last-active-admin"),
]


@pytest.mark.parametrize(
    ("error", "base", "code"), ERRORS, ids=[type(error).__name__ for error, _, _ in ERRORS]
)
def test_error_has_its_base_and_code_when_raised(
    error: DomainError, base: type[DomainError], code: str
) -> None:
    facts = (isinstance(error, base), error.code, bool(KEBAB_CASE.fullmatch(error.code)))

    assert facts == (True, code, True)


def test_field_is_password_when_weak_password_is_raised_without_one() -> None:
    error = WeakPasswordError("is too short")

    assert error.field == "password"


def test_field_is_the_given_one_when_weak_password_names_another() -> None:
    error = WeakPasswordError("is too short", field="new_password")

    assert error.field == "new_password"


def test_field_is_email_when_invalid_email_is_raised_without_one() -> None:
    error = InvalidEmailError("is required")

    assert error.field == "email"


def test_user_id_is_kept_as_text_when_user_is_not_found() -> None:
    error = UserNotFoundError(USER_ID)

    assert error.user_id == str(USER_ID)


def test_message_names_no_address_when_email_is_already_registered() -> None:
    error = EmailAlreadyRegisteredError()

    assert "@" not in error.message
