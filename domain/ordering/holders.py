"""The name of whoever holds a card or bank account, as printed or registered."""

from __future__ import annotations

from domain.shared.errors import InvalidValueError

MAX_HOLDER_LENGTH = 100


def check_holder(raw: str, *, field: str) -> str:
    """The holder's name with runs of spaces squeezed: 1 to 100 printable characters."""
    if not isinstance(raw, str):
        raise InvalidValueError(field, "must be a string")
    holder = " ".join(raw.split())
    if not holder:
        raise InvalidValueError(field, "is required")
    if len(holder) > MAX_HOLDER_LENGTH:
        raise InvalidValueError(field, f"must be at most {MAX_HOLDER_LENGTH} characters")
    if not holder.isprintable():
        raise InvalidValueError(field, "must be printable text")
    return holder
