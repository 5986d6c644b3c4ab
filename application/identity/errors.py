"""Errors raised by identity use cases (beyond the domain's own)."""

from __future__ import annotations

from application.shared.errors import PermissionDeniedError
from domain.shared.errors import InvalidValueError


class InvalidOneTimeTokenError(InvalidValueError):
    """A mailed token that is unknown, already used or expired; says no more than that."""

    code = "invalid-or-expired-token"

    def __init__(self) -> None:
        super().__init__("token", "is invalid, already used or expired")


class AccountSuspendedError(PermissionDeniedError):
    code = "account-suspended"

    def __init__(self) -> None:
        super().__init__("this account is suspended")


class WrongCurrentPasswordError(InvalidValueError):
    code = "wrong-current-password"

    def __init__(self) -> None:
        super().__init__("current_password", "does not match your password")
