"""Background jobs of the monolith: relaying the outbox and expiring unpaid orders.

Both are loops over use cases; they run as tasks beside the HTTP server and stop with it.
Any number of processes may run them at once: claiming messages and orders skips the
rows another process holds. The relay runs as soon as a unit of work of this process
commits messages (and every ``outbox_relay_interval_seconds`` for other processes'),
so a paid order's stock is committed within one relay batch, not one polling interval.
Each job logs what it did per second (``worker.throughput``) while it has work.

Within a process one relay runs at a time (``relay_outbox_once`` waits for the running
one), which keeps the outbox order and lets a caller know that what was committed before
its call has been relayed when it returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from weakref import WeakKeyDictionary

import structlog

from application.ordering.commands.expire_pending_orders import ExpirePendingOrders
from application.ordering.commands.relay_outbox import RelayOutbox
from bootstrap.containers.monolith import MonolithContainer

_log = structlog.get_logger(logger_name="hexashop.workers")
BATCH = 100
RELAY_BATCH = 500
# After a wake-up the relay lets the commits of the next moment join its batch: one catalog
# transaction for them all instead of one each, for that much more lag.
RELAY_GATHER_SECONDS = 0.05
THROUGHPUT_LOG_SECONDS = 10.0

_relay_locks: WeakKeyDictionary[MonolithContainer, asyncio.Lock] = WeakKeyDictionary()


def _relay_lock(container: MonolithContainer) -> asyncio.Lock:
    return _relay_locks.setdefault(container, asyncio.Lock())


class _Throughput:
    """Counts what a job did and logs the rate once per period in which it did something."""

    def __init__(self, name: str, unit: str) -> None:
        self._name = name
        self._unit = unit
        self._count = 0
        self._since = time.monotonic()

    def add(self, count: int) -> None:
        self._count += count
        now = time.monotonic()
        if now - self._since >= THROUGHPUT_LOG_SECONDS:
            if self._count:
                _log.info(
                    "worker.throughput",
                    worker=self._name,
                    unit=self._unit,
                    total=self._count,
                    per_second=round(self._count / (now - self._since), 1),
                )
            self._count, self._since = 0, now


async def relay_outbox_once(container: MonolithContainer) -> bool:
    """Relay one batch; True when there may be more waiting."""
    async with _relay_lock(container):
        result = await container.ordering.relay_outbox().handle(RelayOutbox(limit=BATCH))
    return result.published == BATCH and not result.stalled


async def expire_orders_once(container: MonolithContainer) -> int:
    """Expire one batch of unpaid orders; how many."""
    settings = container.settings()
    result = await container.ordering.expire_pending_orders().handle(
        ExpirePendingOrders(
            now=container.platform.clock().now(),
            older_than=timedelta(minutes=settings.pending_order_ttl_minutes),
            limit=BATCH,
        )
    )
    return len(result.expired)


async def _relay_forever(container: MonolithContainer, interval: float) -> None:
    """Relay while there is work; then wait for a commit here or ``interval`` seconds.
    After a failure it waits the whole interval: a broken consumer is not hammered."""
    throughput = _Throughput("outbox_relay", "messages")
    while True:
        relay = container.ordering.relay_outbox()
        try:
            async with _relay_lock(container):
                result = await relay.handle(RelayOutbox(limit=RELAY_BATCH))
        except Exception:  # a job's failure must not end the job: log, wait, go on
            _log.exception("worker_failed", worker="outbox_relay")
            await asyncio.sleep(interval)
            continue
        throughput.add(result.published)
        if result.stalled:
            await asyncio.sleep(interval)
        elif result.published < RELAY_BATCH:
            await relay.wait_for_messages(interval)
            await asyncio.sleep(RELAY_GATHER_SECONDS)


async def _forever(name: str, step: Callable[[], Awaitable[int]], interval: float) -> None:
    throughput = _Throughput(name, "orders")
    while True:
        try:
            done = await step()
        except Exception:  # a job's failure must not end the job: log, wait, go on
            _log.exception("worker_failed", worker=name)
            done = 0
        throughput.add(done)
        if done < BATCH:
            await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def running_workers(container: MonolithContainer) -> AsyncIterator[None]:
    settings = container.settings()
    tasks = [
        asyncio.create_task(_relay_forever(container, settings.outbox_relay_interval_seconds)),
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
