"""The base errors of the core; the HTTP adapter maps each base to one status.

Every concrete error carries a stable kebab-case ``code`` (it becomes the problem
``type``) and structured fields; the message is for logs and developers.
"""

from __future__ import annotations


class DomainError(Exception):
    """Root of every error the core raises on purpose."""

    code: str = "domain-error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def extensions(self) -> dict[str, object]:
        """Structured facts a client can act on (JSON-ready), beyond the code and message."""
        return {}


class InvalidValueError(DomainError):
    """A value broke a rule of the model; ``field`` names the input at fault."""

    code = "invalid-value"

    def __init__(self, field: str, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        if code is not None:
            self.code = code


class NotFoundError(DomainError):
    """The thing asked for does not exist, or the actor may not know that it does."""

    code = "not-found"


class ConflictError(DomainError):
    """The request clashes with the current state: a duplicate, an illegal transition."""

    code = "conflict"


class ConcurrentUpdateError(ConflictError):
    """The row changed since it was loaded; the caller may reload and try again."""

    code = "concurrent-update"


class PreconditionFailedError(ConflictError):
    """The caller acted on a version of the thing that is no longer current (If-Match)."""

    code = "precondition-failed"
