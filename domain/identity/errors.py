"""Errors of the identity model."""

from __future__ import annotations

from domain.shared.errors import ConflictError, InvalidValueError, NotFoundError


class WeakPasswordError(InvalidValueError):
    """The password breaks the password policy; the message says which rule."""

    code = "weak-password"

    def __init__(self, message: str, *, field: str = "password") -> None:
        super().__init__(field, message)


class InvalidEmailError(InvalidValueError):
    code = "invalid-email"

    def __init__(self, message: str, *, field: str = "email") -> None:
        super().__init__(field, message)


class EmailAlreadyRegisteredError(ConflictError):
    code = "email-already-registered"

    def __init__(self) -> None:
        super().__init__("an account with this email already exists")


class UserNotFoundError(NotFoundError):
    code = "user-not-found"

    def __init__(self, user_id: object) -> None:
        super().__init__(f"no user {user_id}")
        self.user_id = str(user_id)


class IllegalUserTransitionError(ConflictError):
    """The user's status does not allow the requested change."""

    code = "illegal-user-transition"


class LastActiveAdminError(ConflictError):
    """The change would leave the shop without an active admin."""

    code = "last-active-admin"

    def __init__(self) -> None:
        super().__init__("the last active admin cannot be demoted, suspended or deleted")
