"""Reading an optional enum member from the text a client sent."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from domain.shared.errors import InvalidValueError

E = TypeVar("E", bound=StrEnum)


def parse_choice(kind: type[E], raw: str | None, field: str) -> E | None:
    """None stays None; anything else must be one of ``kind``'s values."""
    if raw is None:
        return None
    try:
        return kind(raw)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidValueError(field, f"must be one of: {allowed}") from None
