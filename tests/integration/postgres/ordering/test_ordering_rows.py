"""What ordering's rows keep: orders read back exactly whatever the session's time zone,
and the constraints that hold even against a writer that skipped the domain's rules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, timedelta
from uuid import uuid4

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.outbound.persistence.postgres.engine import asyncpg_url
from adapters.outbound.persistence.postgres.ordering import PostgresOrderingUnitOfWork
from application.shared.errors import DependencyUnavailableError
from domain.ordering.order import Order
from domain.ordering.payments import PaymentAttempt, PaymentOutcome
from domain.ordering.values import PaymentMethodId
from domain.shared.errors import ConflictError
from tests.builders.ordering import a_paid_order, later


@pytest_asyncio.fixture
async def far_east_engine(pg_engine: AsyncEngine, postgres_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the emptied database whose sessions speak Kathmandu time (+05:45)."""
    engine = create_async_engine(
        asyncpg_url(postgres_url),
        connect_args={"server_settings": {"TimeZone": "Asia/Kathmandu"}},
    )
    yield engine
    await engine.dispose()


def _fields(order: Order) -> dict[str, object]:
    return {name: getattr(order, name) for name in Order.__slots__}


@pytest.mark.postgres
async def test_an_order_reads_back_whole_in_utc_when_the_session_is_in_another_time_zone(
    far_east_engine: AsyncEngine,
) -> None:
    order = a_paid_order(created_at=later(seconds=0.123456))
    order.mark_refunded(
        reference="re_1", by=None, now=later(days=1, seconds=0.000001), reason="  broken  lid "
    )
    async with PostgresOrderingUnitOfWork(far_east_engine) as uow:
        await uow.orders.add(order)
        await uow.commit()

    async with PostgresOrderingUnitOfWork(far_east_engine) as uow:
        stored = await uow.orders.get(order.id)

    assert stored is not None
    assert _fields(stored) == _fields(order)
    times = [change.at for change in stored.history] + [p.at for p in stored.payments]
    assert all(moment.utcoffset() == timedelta(0) and moment.tzinfo == UTC for moment in times)


@pytest.mark.postgres
async def test_add_refuses_an_order_with_two_successful_payments(pg_engine: AsyncEngine) -> None:
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

    async with PostgresOrderingUnitOfWork(pg_engine) as uow:
        with pytest.raises(ConflictError):
            await uow.orders.add(order)


async def test_unit_of_work_raises_dependency_unavailable_when_the_server_refuses(
    unused_tcp_port: int,
) -> None:
    engine = create_async_engine(
        asyncpg_url(f"postgresql://postgres@127.0.0.1:{unused_tcp_port}/postgres")
    )
    uow = PostgresOrderingUnitOfWork(engine)

    try:
        with pytest.raises(DependencyUnavailableError):
            await uow.__aenter__()
    finally:
        await engine.dispose()
