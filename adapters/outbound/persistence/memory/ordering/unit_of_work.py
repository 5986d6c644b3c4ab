"""Ordering's unit of work over the in-memory store."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.outbound.persistence.memory.ordering.orders import InMemoryOrderRepository
from adapters.outbound.persistence.memory.ordering.outbox import InMemoryOutboxRepository
from adapters.outbound.persistence.memory.ordering.payment_methods import (
    InMemoryPaymentMethodRepository,
)
from adapters.outbound.persistence.memory.ordering.store import InMemoryOrderingStore
from application.ordering.ports import OrderingUnitOfWork


class InMemoryOrderingUnitOfWork(OrderingUnitOfWork):
    """Transactions on ordering's store run one at a time (see the store module), which
    gives every lock the ports promise; a task holding one must not open another, and a
    payment holds it while the processor answers."""

    outbox: InMemoryOutboxRepository

    def __init__(self, store: InMemoryOrderingStore) -> None:
        self._tx = store.transaction()
        self.orders = InMemoryOrderRepository(self._tx)
        self.payment_methods = InMemoryPaymentMethodRepository(self._tx)
        self.outbox = InMemoryOutboxRepository(self._tx, wake_up=store.outbox_wake_up)

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
        self._tx.end()

    async def commit(self) -> None:
        self._tx.commit()
        self.outbox.committed()
