"""Ordering's orders, payment methods, outbox and idempotency keys in PostgreSQL."""

from adapters.outbound.persistence.postgres.ordering.idempotency import PostgresIdempotencyStore
from adapters.outbound.persistence.postgres.ordering.orders import PostgresOrderRepository
from adapters.outbound.persistence.postgres.ordering.outbox import PostgresOutboxRepository
from adapters.outbound.persistence.postgres.ordering.payment_methods import (
    PostgresPaymentMethodRepository,
)
from adapters.outbound.persistence.postgres.ordering.unit_of_work import (
    PostgresOrderingUnitOfWork,
)

__all__ = [
    "PostgresIdempotencyStore",
    "PostgresOrderRepository",
    "PostgresOrderingUnitOfWork",
    "PostgresOutboxRepository",
    "PostgresPaymentMethodRepository",
]
