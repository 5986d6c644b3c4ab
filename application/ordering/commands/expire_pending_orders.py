"""The system cancels orders left unpaid for too long, so their stock is free again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from application.ordering.lookups import stage_events
from application.ordering.ports import OrderingUnitOfWork
from domain.shared.errors import InvalidValueError

MAX_BATCH = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpirePendingOrders:
    """Expire orders pending payment placed more than ``older_than`` before ``now``, at
    most ``limit`` of them per run (the oldest first)."""

    now: datetime
    older_than: timedelta
    limit: int = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpirePendingOrdersResult:
    expired: tuple[UUID, ...]


class ExpirePendingOrdersHandler:
    """A system job: cancel each such order as the system (``by`` None, reason
    ``expired``); OrderCancelled (in the outbox) releases its stock. Orders being paid
    at that moment are skipped, and left for the next run.

    Raises:
        InvalidValueError: ``older_than`` not positive, ``limit`` out of 1..1000.
    """

    def __init__(self, *, uow: OrderingUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, command: ExpirePendingOrders) -> ExpirePendingOrdersResult:
        if command.older_than <= timedelta(0):
            raise InvalidValueError("older_than", "must be positive")
        if not 1 <= command.limit <= MAX_BATCH:
            raise InvalidValueError("limit", f"must be between 1 and {MAX_BATCH}")
        async with self._uow:
            orders = await self._uow.orders.claim_expired(
                command.now - command.older_than, limit=command.limit
            )
            for order in orders:
                order.expire(now=command.now)
                await self._uow.orders.save(order)
                await stage_events(self._uow, order)
            await self._uow.commit()
        return ExpirePendingOrdersResult(expired=tuple(order.id for order in orders))
