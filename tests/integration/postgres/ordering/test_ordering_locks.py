"""The locks ordering's PostgreSQL adapters take, seen from a second unit of work: what it
waits for, what it skips, and what it reads once it got the lock."""

from __future__ import annotations

import asyncio
from uuid import UUID, uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.postgres.ordering import PostgresOrderingUnitOfWork
from adapters.outbound.persistence.postgres.ordering.payment_methods import customer_lock_key
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from domain.ordering.order import Order
from domain.ordering.payments import PaymentOutcome
from domain.ordering.status import OrderStatus
from domain.ordering.values import CustomerId, PaymentMethodId
from tests.builders.ordering import an_order, an_outbox_message, later

_WAIT_LIMIT_SECONDS = 5.0


async def _stored(pool: ConnectionPool, *orders: Order) -> None:
    async with PostgresOrderingUnitOfWork(pool) as uow:
        for order in orders:
            await uow.orders.add(order)
        await uow.commit()


async def _until_a_session_waits_for_a_lock(engine: AsyncEngine) -> None:
    """Return once some session of this database waits for a lock (polled: the server
    has no way to announce it)."""
    async with asyncio.timeout(_WAIT_LIMIT_SECONDS), engine.connect() as connection:
        while True:
            waiting = await connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            if waiting:
                return
            await connection.rollback()  # a fresh snapshot of the statistics
            await asyncio.sleep(0.01)


@pytest.mark.postgres
async def test_get_for_update_reads_the_payment_committed_while_it_waited(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    order = an_order()
    await _stored(pg_pool, order)

    async with PostgresOrderingUnitOfWork(pg_pool) as first:
        paying = await first.orders.get_for_update(order.id)
        assert paying is not None
        paying.record_payment(
            payment_method_id=PaymentMethodId(uuid4()),
            outcome=PaymentOutcome.SUCCEEDED,
            reference="ch_first",
            failure_reason=None,
            by=order.customer_id,
            now=later(seconds=1),
        )
        await first.orders.save(paying)

        async def second_reader() -> Order | None:
            async with PostgresOrderingUnitOfWork(pg_pool) as second:
                return await second.orders.get_for_update(order.id)

        waiting = asyncio.create_task(second_reader())
        await _until_a_session_waits_for_a_lock(pg_engine)
        await first.commit()
    seen = await waiting

    assert seen is not None
    assert (seen.status, seen.version) == (OrderStatus.PAID, 2)
    assert [attempt.reference for attempt in seen.payments] == ["ch_first"]
    assert len(seen.history) == 2


@pytest.mark.postgres
async def test_claim_expired_skips_an_order_another_unit_of_work_holds(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    held, free = an_order(created_at=later(minutes=0)), an_order(created_at=later(minutes=1))
    await _stored(pg_pool, held, free)

    async with PostgresOrderingUnitOfWork(pg_pool) as payer:
        assert await payer.orders.get_for_update(held.id) is not None
        async with PostgresOrderingUnitOfWork(pg_pool) as expirer:
            async with asyncio.timeout(_WAIT_LIMIT_SECONDS):
                claimed = await expirer.orders.claim_expired(later(hours=1), limit=10)

    assert [order.id for order in claimed] == [free.id]


@pytest.mark.postgres
async def test_claim_batch_skips_messages_another_relay_holds(pg_pool: ConnectionPool) -> None:
    messages = [an_outbox_message() for _ in range(4)]
    async with PostgresOrderingUnitOfWork(pg_pool) as uow:
        for message in messages:
            await uow.outbox.add(message)
        await uow.commit()

    async with PostgresOrderingUnitOfWork(pg_pool) as first:
        first_batch = await first.outbox.claim_batch(2)
        async with PostgresOrderingUnitOfWork(pg_pool) as second:
            async with asyncio.timeout(_WAIT_LIMIT_SECONDS):
                second_batch = await second.outbox.claim_batch(10)

    assert [message.id for message in first_batch] == [m.id for m in messages[:2]]
    assert [message.id for message in second_batch] == [m.id for m in messages[2:]]


@pytest.mark.postgres
async def test_lock_customer_lets_another_customer_through_while_one_is_held(
    pg_pool: ConnectionPool,
) -> None:
    async with PostgresOrderingUnitOfWork(pg_pool) as first:
        await first.payment_methods.lock_customer(CustomerId(uuid4()))
        async with PostgresOrderingUnitOfWork(pg_pool) as second:
            async with asyncio.timeout(_WAIT_LIMIT_SECONDS):
                await second.payment_methods.lock_customer(CustomerId(uuid4()))


@pytest.mark.postgres
async def test_lock_customer_waits_while_the_same_customer_is_held(
    pg_engine: AsyncEngine,
    pg_pool: ConnectionPool,
) -> None:
    customer = CustomerId(uuid4())
    steps: list[str] = []

    async def second() -> None:
        async with PostgresOrderingUnitOfWork(pg_pool) as uow:
            await uow.payment_methods.lock_customer(customer)
            steps.append("second locked")

    async with PostgresOrderingUnitOfWork(pg_pool) as first:
        await first.payment_methods.lock_customer(customer)
        waiting = asyncio.create_task(second())
        await _until_a_session_waits_for_a_lock(pg_engine)
        steps.append("first ends")
    await waiting

    assert steps == ["first ends", "second locked"]


@pytest.mark.parametrize("value", [0, 1, 2**31, 2**32 - 1, 2**64 - 1, 2**128 - 1])
def test_customer_lock_key_fits_a_signed_32_bit_integer(value: int) -> None:
    key = customer_lock_key(UUID(int=value))

    assert -(2**31) <= key < 2**31
