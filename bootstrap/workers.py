"""Background jobs of the monolith: relaying the outbox and expiring unpaid orders.

Both are loops over use cases; they run as tasks beside the HTTP server and stop with it.
Any number of processes may run them at once: claiming messages and orders skips the
rows another process holds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import structlog

from application.ordering.commands.expire_pending_orders import ExpirePendingOrders
from application.ordering.commands.relay_outbox import RelayOutbox
from bootstrap.containers.monolith import MonolithContainer

_log = structlog.get_logger(logger_name="hexashop.workers")
BATCH = 100


async def relay_outbox_once(container: MonolithContainer) -> bool:
    """Relay one batch; True when there may be more waiting."""
    result = await container.ordering.relay_outbox().handle(RelayOutbox(limit=BATCH))
    return result.published == BATCH and not result.stalled


async def expire_orders_once(container: MonolithContainer) -> bool:
    settings = container.settings()
    result = await container.ordering.expire_pending_orders().handle(
        ExpirePendingOrders(
            now=container.platform.clock().now(),
            older_than=timedelta(minutes=settings.pending_order_ttl_minutes),
            limit=BATCH,
        )
    )
    return len(result.expired) == BATCH


async def _forever(name: str, step: Callable[[], Awaitable[bool]], interval: float) -> None:
    while True:
        try:
            more = await step()
        except Exception:  # a job's failure must not end the job: log, wait, go on
            _log.exception("worker_failed", worker=name)
            more = False
        if not more:
            await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def running_workers(container: MonolithContainer) -> AsyncIterator[None]:
    settings = container.settings()
    tasks = [
        asyncio.create_task(
            _forever(
                "outbox_relay",
                lambda: relay_outbox_once(container),
                settings.outbox_relay_interval_seconds,
            )
        ),
        asyncio.create_task(
            _forever(
                "order_expiry",
                lambda: expire_orders_once(container),
                settings.order_expiry_interval_seconds,
            )
        ),
    ]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
