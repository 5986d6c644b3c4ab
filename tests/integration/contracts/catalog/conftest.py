"""Every catalog port contract runs against each of its adapters: memory and PostgreSQL.

``new_uow`` is parametrized over ``ADAPTERS``: one factory per adapter, each taking the
pytest request and returning a maker of units of work over one empty store (a fresh memory
store, or the session's database emptied by ``pg_engine``, its pool opened up front by
``warm_pool`` so that concurrent tasks really overlap). Suites only use ``new_uow``,
``given`` and ``receive``, never an adapter.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from adapters.outbound.persistence.memory.catalog import (
    InMemoryCatalogStore,
    InMemoryCatalogUnitOfWork,
)
from adapters.outbound.persistence.postgres.catalog import PostgresCatalogUnitOfWork
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.catalog.ports import CatalogUnitOfWork
from domain.catalog.category import Category
from domain.catalog.product import Product
from domain.catalog.reservation import Reservation
from domain.catalog.stock import StockLevel, StockMovementReason
from domain.catalog.values import ProductId
from tests.builders.catalog import T0
from tests.support.clock import FixedClock

NewUnitOfWork = Callable[[], CatalogUnitOfWork]
Given = Callable[..., Awaitable[None]]
Receive = Callable[[UUID, int], Awaitable[None]]
AdapterFactory = Callable[[pytest.FixtureRequest], NewUnitOfWork]

CONCURRENT_TASKS = 10


def _memory(request: pytest.FixtureRequest) -> NewUnitOfWork:
    store = InMemoryCatalogStore()
    return lambda: InMemoryCatalogUnitOfWork(store)


def _postgres(request: pytest.FixtureRequest) -> NewUnitOfWork:
    request.getfixturevalue("warm_pool")
    pool: ConnectionPool = request.getfixturevalue("pg_pool")  # emptied per test
    return lambda: PostgresCatalogUnitOfWork(pool)


ADAPTERS = [
    pytest.param(_memory, id="memory"),
    pytest.param(_postgres, id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=ADAPTERS)
def new_uow(request: pytest.FixtureRequest) -> NewUnitOfWork:
    """Makes units of work on one empty store of the adapter under test."""
    factory: AdapterFactory = request.param
    return factory(request)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 1, 1, tzinfo=UTC))


@pytest.fixture
def given(new_uow: NewUnitOfWork) -> Given:
    """Stores things in one committed unit of work, in the order given.

    A product is stored with the stock level given for it among the things, or else an
    empty one, as the create use case does.
    """

    async def store(*things: Category | Product | StockLevel | Reservation) -> None:
        levels = {thing.product_id: thing for thing in things if isinstance(thing, StockLevel)}
        async with new_uow() as uow:
            for thing in things:
                if isinstance(thing, Category):
                    await uow.categories.add(thing)
                elif isinstance(thing, Product):
                    await uow.products.add(thing)
                    level = levels.pop(thing.id, None)
                    await uow.stock.add(level or StockLevel.open(product_id=thing.id, now=T0))
                elif isinstance(thing, Reservation):
                    await uow.reservations.add(thing)
            await uow.commit()

    return store


@pytest.fixture
def receive(new_uow: NewUnitOfWork) -> Receive:
    """Receives units of a stored product as an admin would, recording the movement."""

    async def adjust(product_id: UUID, units: int) -> None:
        async with new_uow() as uow:
            pid = ProductId(product_id)
            level = (await uow.stock.get_for_update([pid]))[pid]
            movement = level.adjust(units, StockMovementReason.RECEIVE, by=uuid4(), now=T0)
            await uow.stock.save(level)
            await uow.movements.append([movement])
            await uow.commit()

    return adjust
