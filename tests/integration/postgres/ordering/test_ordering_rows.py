"""What ordering's rows keep: orders read back exactly whatever the session's time zone,
and the constraints that hold even against a writer that skipped the domain's rules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, timedelta
from uuid import uuid4

import pytest
import pytest_asyncio
from sqlalchemy.engine import make_url

from adapters.outbound.persistence.postgres.ordering import PostgresOrderingUnitOfWork
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.shared.errors import DependencyUnavailableError
from domain.ordering.order import Order
from domain.ordering.payments import PaymentAttempt, PaymentOutcome
from domain.ordering.values import OrderId, PaymentMethodId
from domain.shared.errors import ConflictError
from tests.builders.ordering import a_paid_order, later


@pytest_asyncio.fixture
async def far_east_pool(
    pg_pool: ConnectionPool, postgres_url: str
) -> AsyncIterator[ConnectionPool]:
    """A pool on the emptied database whose sessions speak Kathmandu time (+05:45)."""
    # asyncpg passes a URL's unknown query parameters on as server settings.
    url = make_url(postgres_url).update_query_dict({"TimeZone": "Asia/Kathmandu"})
    pool = ConnectionPool(url.render_as_string(hide_password=False))
    yield pool
    await pool.close()


def _fields(order: Order) -> dict[str, object]:
    return {name: getattr(order, name) for name in Order.__slots__}


@pytest.mark.postgres
async def test_an_order_reads_back_whole_in_utc_when_the_session_is_in_another_time_zone(
    far_east_pool: ConnectionPool,
) -> None:
    order = a_paid_order(created_at=later(seconds=0.123456))
    order.mark_refunded(
        reference="re_1", by=None, now=later(days=1, seconds=0.000001), reason="  broken  lid "
    )
    async with PostgresOrderingUnitOfWork(far_east_pool) as uow:
        await uow.orders.add(order)
        await uow.commit()

    async with PostgresOrderingUnitOfWork(far_east_pool) as uow:
        stored = await uow.orders.get(order.id)

    assert stored is not None
    assert _fields(stored) == _fields(order)
    times = [change.at for change in stored.history] + [p.at for p in stored.payments]
    assert all(moment.utcoffset() == timedelta(0) and moment.tzinfo == UTC for moment in times)


@pytest.mark.postgres
async def test_add_refuses_an_order_with_two_successful_payments(pg_pool: ConnectionPool) -> None:
    order = a_paid_order()
    first = order.payments[0]
    order.payments.append(
        PaymentAttempt(
            attempt_no=2,
            payment_method_id=PaymentMethodId(uuid4()),
            amount=first.amount,
            outcome=PaymentOutcome.SUCCEEDED,
            reference="ch_again",
            failure_reason=None,
            at=first.at,
        )
    )

    async with PostgresOrderingUnitOfWork(pg_pool) as uow:
        with pytest.raises(ConflictError):
            await uow.orders.add(order)


async def test_unit_of_work_raises_dependency_unavailable_when_the_server_refuses(
    unused_tcp_port: int,
) -> None:
    pool = ConnectionPool(f"postgresql://postgres@127.0.0.1:{unused_tcp_port}/postgres")

    try:
        async with PostgresOrderingUnitOfWork(pool) as uow:
            with pytest.raises(DependencyUnavailableError):
                await uow.orders.get(OrderId(uuid4()))
    finally:
        await pool.close()
