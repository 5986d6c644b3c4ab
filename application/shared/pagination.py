"""Keyset pagination: bounded page sizes and opaque cursors that survive inserts."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from domain.shared.errors import InvalidValueError

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_MAX_CURSOR_LENGTH = 512


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class TimeCursor:
    """A position in a newest-first listing: the last item's time and id."""

    created_at: datetime
    id: UUID

    def encode(self) -> str:
        raw = json.dumps({"t": self.created_at.isoformat(), "i": str(self.id)})
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str) -> TimeCursor:
        try:
            if len(cursor) > _MAX_CURSOR_LENGTH:
                raise ValueError(cursor)
            padded = cursor + "=" * (-len(cursor) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode()))
            created_at = datetime.fromisoformat(data["t"])
            if created_at.tzinfo is None:
                raise ValueError(cursor)
            return cls(created_at, UUID(data["i"]))
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise InvalidValueError("cursor", "is not a cursor this API issued") from None


def check_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidValueError("limit", f"must be between 1 and {MAX_PAGE_SIZE}")
    return limit
