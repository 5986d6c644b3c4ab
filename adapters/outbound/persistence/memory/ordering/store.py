"""Ordering's in-memory data: one store per process, shared by its units of work and its
idempotency store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from adapters.outbound.in_process.wake_up import WakeUp
from adapters.outbound.persistence.memory.store import InMemoryStore, Table
from application.ordering.ports import OutboxMessage
from domain.ordering.order import Order
from domain.ordering.payment_method import PaymentMethod
from domain.ordering.values import OrderId, PaymentMethodId


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxRecord:
    """A message with its place in the outbox (PostgreSQL: a bigserial) and when it went out."""

    message: OutboxMessage
    position: int
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IdempotencyRecord:
    """A key's request and, once it completed, its response (``status`` None: in flight)."""

    fingerprint: str
    begun_at: datetime
    status: int | None = None
    body: dict[str, Any] | None = None


ORDERS: Table[OrderId, Order] = Table("orders")
PAYMENT_METHODS: Table[PaymentMethodId, PaymentMethod] = Table("payment_methods")
OUTBOX: Table[UUID, OutboxRecord] = Table("outbox")
SEQUENCES: Table[str, int] = Table("sequences")
IDEMPOTENCY_KEYS: Table[tuple[UUID, str], IdempotencyRecord] = Table("idempotency_keys")


class InMemoryOrderingStore(InMemoryStore):
    """Orders, payment methods, the outbox and idempotency keys, committed; its own type so
    that no other context's unit of work can be handed ordering's data by mistake.
    ``outbox_wake_up`` wakes the relay when a unit of work commits messages."""

    def __init__(self) -> None:
        super().__init__()
        self.outbox_wake_up = WakeUp()
