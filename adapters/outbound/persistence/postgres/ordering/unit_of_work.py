"""Ordering's unit of work: one pooled connection and transaction per ``async with``."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.outbound.persistence.postgres.ordering.orders import PostgresOrderRepository
from adapters.outbound.persistence.postgres.ordering.outbox import (
    PostgresOutboxRepository,
    wake_up_of,
)
from adapters.outbound.persistence.postgres.ordering.payment_methods import (
    PostgresPaymentMethodRepository,
)
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.ordering.ports import OrderingUnitOfWork


class PostgresOrderingUnitOfWork(OrderingUnitOfWork):
    outbox: PostgresOutboxRepository

    def __init__(self, pool: ConnectionPool, *, autocommit: bool = False) -> None:
        self._tx = PostgresTransaction(pool, autocommit=autocommit)
        self.orders = PostgresOrderRepository(self._tx)
        self.payment_methods = PostgresPaymentMethodRepository(self._tx)
        self.outbox = PostgresOutboxRepository(self._tx, wake_up=wake_up_of(pool))

    async def __aenter__(self) -> Self:
        await self._tx.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.outbox.ended()
        await self._tx.end()

    async def commit(self) -> None:
        await self._tx.commit()
        self.outbox.committed()
