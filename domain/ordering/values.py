"""Ids of the ordering context and the bounds of what a customer may ask for."""

from __future__ import annotations

from typing import NewType
from uuid import UUID

from domain.shared.errors import InvalidValueError

OrderId = NewType("OrderId", UUID)
PaymentMethodId = NewType("PaymentMethodId", UUID)
# The user an order or payment method belongs to, as identity knows them.
CustomerId = NewType("CustomerId", UUID)
# A catalog product, as ordering names it: ordering only keeps its id.
ProductId = NewType("ProductId", UUID)

MAX_REASON_LENGTH = 500


def check_reason(reason: str | None, *, field: str = "reason") -> str | None:
    """A free-text reason for a status change: trimmed, one line, at most 500 characters."""
    if reason is None:
        return None
    if not isinstance(reason, str):
        raise InvalidValueError(field, "must be a string")
    reason = " ".join(reason.split())
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidValueError(field, f"must be at most {MAX_REASON_LENGTH} characters")
    if not reason.isprintable():
        raise InvalidValueError(field, "must be printable text")
    return reason or None
