"""Every ordering port contract runs against each of its adapters.

``adapters`` is parametrized over ``ADAPTERS``: one factory per persistence adapter, each
taking the pytest request and returning the makers over one empty store (a fresh memory
store, or the session's database emptied by ``pg_engine``, its pool opened up front by
``warm_pool`` so that concurrent tasks really overlap). Suites use only ``new_uow``,
``idempotency`` and ``given``, never an adapter.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from adapters.outbound.persistence.memory.ordering import (
    InMemoryIdempotencyStore,
    InMemoryOrderingStore,
    InMemoryOrderingUnitOfWork,
)
from adapters.outbound.persistence.postgres.ordering import (
    PostgresIdempotencyStore,
    PostgresOrderingUnitOfWork,
)
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.ordering.ports import IdempotencyStore, OrderingUnitOfWork, OutboxMessage
from domain.ordering.order import Order
from domain.ordering.payment_method import PaymentMethod

NewUnitOfWork = Callable[[], OrderingUnitOfWork]
Given = Callable[..., Awaitable[None]]

CONCURRENT_TASKS = 20


@dataclass(frozen=True, slots=True)
class OrderingAdapters:
    new_uow: NewUnitOfWork
    idempotency: IdempotencyStore


AdapterFactory = Callable[[pytest.FixtureRequest], OrderingAdapters]


def _memory(request: pytest.FixtureRequest) -> OrderingAdapters:
    store = InMemoryOrderingStore()
    return OrderingAdapters(
        new_uow=lambda: InMemoryOrderingUnitOfWork(store),
        idempotency=InMemoryIdempotencyStore(store),
    )


def _postgres(request: pytest.FixtureRequest) -> OrderingAdapters:
    request.getfixturevalue("warm_pool")
    pool: ConnectionPool = request.getfixturevalue("pg_pool")  # emptied per test
    return OrderingAdapters(
        new_uow=lambda: PostgresOrderingUnitOfWork(pool),
        idempotency=PostgresIdempotencyStore(pool),
    )


ADAPTERS = [
    pytest.param(_memory, id="memory"),
    pytest.param(_postgres, id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=ADAPTERS)
def adapters(request: pytest.FixtureRequest) -> OrderingAdapters:
    factory: AdapterFactory = request.param
    return factory(request)


@pytest.fixture
def new_uow(adapters: OrderingAdapters) -> NewUnitOfWork:
    """Makes units of work on one empty store of the adapter under test."""
    return adapters.new_uow


@pytest.fixture
def idempotency(adapters: OrderingAdapters) -> IdempotencyStore:
    return adapters.idempotency


@pytest.fixture
def given(new_uow: NewUnitOfWork) -> Given:
    """Stores orders, payment methods and outbox messages in one committed unit of work."""

    async def store(*things: Order | PaymentMethod | OutboxMessage) -> None:
        async with new_uow() as uow:
            for thing in things:
                if isinstance(thing, Order):
                    await uow.orders.add(thing)
                elif isinstance(thing, PaymentMethod):
                    await uow.payment_methods.add(thing)
                else:
                    await uow.outbox.add(thing)
            await uow.commit()

    return store
