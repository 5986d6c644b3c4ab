"""Errors that only make sense at the application boundary (who asks, and can we answer)."""

from __future__ import annotations

from domain.shared.errors import DomainError


class AuthenticationError(DomainError):
    """The caller is not who they claim, or did not say who they are."""

    code = "unauthenticated"


class InvalidCredentialsError(AuthenticationError):
    """Email and password do not match an active account; deliberately says no more."""

    code = "invalid-credentials"

    def __init__(self) -> None:
        super().__init__("email or password is incorrect")


class InvalidTokenError(AuthenticationError):
    code = "invalid-token"

    def __init__(self, message: str = "the token is invalid or expired") -> None:
        super().__init__(message)


class PermissionDeniedError(DomainError):
    """The caller is known but may not do this."""

    code = "permission-denied"


class RateLimitedError(DomainError):
    """Too many attempts; ``retry_after`` says in how many seconds to try again."""

    code = "rate-limited"

    def __init__(self, retry_after: int, message: str = "too many requests") -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)


class DependencyUnavailableError(DomainError):
    """A server we depend on (database, broker, another service) did not answer."""

    code = "dependency-unavailable"

    def __init__(self, dependency: str) -> None:
        super().__init__(f"{dependency} is unavailable")
        self.dependency = dependency
