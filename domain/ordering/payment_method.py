"""The PaymentMethod aggregate and the rules of a customer's set of them.

A customer keeps at most MAX_PAYMENT_METHODS methods, never the same instrument twice
(same fingerprint), and exactly one default whenever they keep any: the first added
becomes the default, choosing another moves it, and removing the default promotes the
newest method left (by creation time, then id), if any.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Self

from domain.ordering.errors import (
    DuplicatePaymentMethodError,
    PaymentMethodLimitReachedError,
    PaymentMethodNotFoundError,
)
from domain.ordering.instruments import PaymentInstrument, PaymentMethodKind, kind_of
from domain.ordering.values import CustomerId, PaymentMethodId

MAX_PAYMENT_METHODS = 20

Summary = dict[str, str | int]


class PaymentMethod:
    """A way a customer pays, on file: the processor's token for it, a summary to show
    (brand, last four, expiry, …) and a keyed fingerprint of the instrument; never the
    full number, CVC or IBAN.

    A removed method keeps its record, since orders name it in their payments, but no
    longer counts for the customer's set. ``version`` counts saved changes.
    """

    __slots__ = (
        "created_at",
        "customer_id",
        "fingerprint",
        "id",
        "is_default",
        "kind",
        "removed_at",
        "summary",
        "token",
        "updated_at",
        "version",
    )

    def __init__(
        self,
        *,
        id: PaymentMethodId,
        customer_id: CustomerId,
        kind: PaymentMethodKind,
        token: str,
        summary: Summary,
        fingerprint: str,
        is_default: bool,
        created_at: datetime,
        updated_at: datetime,
        removed_at: datetime | None,
        version: int,
    ) -> None:
        self.id = id
        self.customer_id = customer_id
        self.kind = kind
        self.token = token
        self.summary = summary
        self.fingerprint = fingerprint
        self.is_default = is_default
        self.created_at = created_at
        self.updated_at = updated_at
        self.removed_at = removed_at
        self.version = version

    @classmethod
    def add(
        cls,
        *,
        id: PaymentMethodId,
        customer_id: CustomerId,
        instrument: PaymentInstrument,
        token: str,
        fingerprint: str,
        held: Sequence[PaymentMethod],
        now: datetime,
    ) -> Self:
        """A new method of the customer, who already ``held`` those (not removed ones);
        the default if it is their first.

        Raises:
            DuplicatePaymentMethodError: a held method has the same fingerprint.
            PaymentMethodLimitReachedError: the customer holds MAX_PAYMENT_METHODS.
        """
        check_can_add(held, fingerprint)
        return cls(
            id=id,
            customer_id=customer_id,
            kind=kind_of(instrument),
            token=token,
            summary=instrument.summary(),
            fingerprint=fingerprint,
            is_default=not held,
            created_at=now,
            updated_at=now,
            removed_at=None,
            version=1,
        )

    @classmethod
    def restore(
        cls,
        *,
        id: PaymentMethodId,
        customer_id: CustomerId,
        kind: PaymentMethodKind,
        token: str,
        summary: Summary,
        fingerprint: str,
        is_default: bool,
        created_at: datetime,
        updated_at: datetime,
        removed_at: datetime | None,
        version: int,
    ) -> Self:
        """Rebuild a stored payment method; for persistence adapters only."""
        return cls(
            id=id,
            customer_id=customer_id,
            kind=kind,
            token=token,
            summary=summary,
            fingerprint=fingerprint,
            is_default=is_default,
            created_at=created_at,
            updated_at=updated_at,
            removed_at=removed_at,
            version=version,
        )

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def newness(self) -> tuple[datetime, PaymentMethodId]:
        """What orders methods newest first: creation time, then id."""
        return (self.created_at, self.id)

    def _set_default(self, is_default: bool, now: datetime) -> None:
        self.is_default = is_default
        self.updated_at = now


def check_can_add(held: Sequence[PaymentMethod], fingerprint: str) -> None:
    """Raise unless a method with ``fingerprint`` may join the ``held`` ones."""
    for method in held:
        if method.fingerprint == fingerprint:
            raise DuplicatePaymentMethodError(method.id)
    if len(held) >= MAX_PAYMENT_METHODS:
        raise PaymentMethodLimitReachedError(MAX_PAYMENT_METHODS)


def choose_default(
    held: Sequence[PaymentMethod], method_id: PaymentMethodId, *, now: datetime
) -> list[PaymentMethod]:
    """Make one of the ``held`` methods the default: the methods that changed, the one that
    stops being the default first (save them in this order). None when it already is.

    Raises:
        PaymentMethodNotFoundError: ``method_id`` is not among ``held``.
    """
    chosen = _find(held, method_id)
    if chosen.is_default:
        return []
    changed = [method for method in held if method.is_default]
    for method in changed:
        method._set_default(False, now)
    chosen._set_default(True, now)
    return [*changed, chosen]


def remove_method(
    held: Sequence[PaymentMethod], method_id: PaymentMethodId, *, now: datetime
) -> list[PaymentMethod]:
    """Remove one of the ``held`` methods; if it was the default, the newest one left
    becomes the default. The methods that changed, the removed one first.

    Raises:
        PaymentMethodNotFoundError: ``method_id`` is not among ``held``.
    """
    removed = _find(held, method_id)
    was_default = removed.is_default
    removed._set_default(False, now)
    removed.removed_at = now
    rest = [method for method in held if method.id != removed.id]
    if not was_default or not rest:
        return [removed]
    successor = max(rest, key=lambda method: method.newness)
    successor._set_default(True, now)
    return [removed, successor]


def _find(held: Sequence[PaymentMethod], method_id: PaymentMethodId) -> PaymentMethod:
    for method in held:
        if method.id == method_id:
            return method
    raise PaymentMethodNotFoundError(method_id)
