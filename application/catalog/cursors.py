"""Opaque keyset cursors for listings ordered by any key: the ordering and the last key values.

Identity's TimeCursor covers newest-first listings; catalog listings also order by price,
name, relevance or ledger sequence, so the cursor names its ordering and carries the last
item's key values (ending with its id). A cursor handed to a listing of another ordering is
refused, as is one whose values do not have the ordering's types.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from domain.shared.errors import InvalidValueError

CursorValue = datetime | UUID | int | float | str
V = TypeVar("V", datetime, UUID, int, float, str)
_MAX_CURSOR_LENGTH = 4096


@dataclass(frozen=True, slots=True)
class KeysetCursor:
    """Where a page of one ordering ended: the ordering's name and the last item's keys."""

    ordering: str
    values: tuple[CursorValue, ...]

    def value(self, index: int, kind: type[V]) -> V:
        """The value at ``index``, which ``decode`` checked to be a ``kind``."""
        value = self.values[index]
        if not isinstance(value, kind):
            raise InvalidValueError("cursor", "is not a cursor this API issued")
        return value

    def encode(self) -> str:
        raw = json.dumps({"o": self.ordering, "v": [_plain(value) for value in self.values]})
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str, *, ordering: str, kinds: tuple[type, ...]) -> KeysetCursor:
        """The cursor, which must be of ``ordering`` with values of ``kinds``, in order."""
        try:
            if not isinstance(cursor, str) or len(cursor) > _MAX_CURSOR_LENGTH:
                raise ValueError(cursor)
            padded = cursor + "=" * (-len(cursor) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode()))
            raw_values = data["v"]
            if data["o"] != ordering or len(raw_values) != len(kinds):
                raise ValueError(cursor)
            values = tuple(_typed(kind, raw) for kind, raw in zip(kinds, raw_values, strict=True))
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise InvalidValueError("cursor", "is not a cursor this API issued") from None
        return cls(ordering, values)


def _plain(value: CursorValue) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _typed(kind: type, raw: Any) -> CursorValue:
    if kind is datetime:
        moment = datetime.fromisoformat(raw)
        if moment.tzinfo is None:
            raise ValueError(raw)
        return moment
    if kind is UUID:
        return UUID(raw)
    if kind is float and isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if kind is int and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if kind is str and isinstance(raw, str):
        return raw
    raise ValueError(raw)
