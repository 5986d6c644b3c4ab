"""In-memory persistence of the ordering context: orders, payment methods, the outbox and
idempotency keys."""

from adapters.outbound.persistence.memory.ordering.idempotency import InMemoryIdempotencyStore
from adapters.outbound.persistence.memory.ordering.orders import InMemoryOrderRepository
from adapters.outbound.persistence.memory.ordering.outbox import InMemoryOutboxRepository
from adapters.outbound.persistence.memory.ordering.payment_methods import (
    InMemoryPaymentMethodRepository,
)
from adapters.outbound.persistence.memory.ordering.store import InMemoryOrderingStore
from adapters.outbound.persistence.memory.ordering.unit_of_work import InMemoryOrderingUnitOfWork

__all__ = [
    "InMemoryIdempotencyStore",
    "InMemoryOrderRepository",
    "InMemoryOrderingStore",
    "InMemoryOrderingUnitOfWork",
    "InMemoryOutboxRepository",
    "InMemoryPaymentMethodRepository",
]
