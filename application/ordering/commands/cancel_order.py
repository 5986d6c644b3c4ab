"""A customer (or an admin) cancels an order that is not paid yet."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.ordering.lookups import stage_events, visible_order
from application.ordering.ports import OrderingUnitOfWork
from application.ordering.views import OrderView
from application.shared.actor import Actor
from application.shared.ports import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelOrder:
    actor: Actor
    order_id: UUID
    reason: str | None = None


class CancelOrderHandler:
    """Cancel a pending order; OrderCancelled (in the outbox) releases its stock.

    Raises:
        OrderNotFoundError: no such order visible to the actor (its customer or an admin).
        IllegalTransitionError: the order is not pending payment.
        InvalidValueError: a reason longer than 500 characters.
    """

    def __init__(self, *, uow: OrderingUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: CancelOrder) -> OrderView:
        async with self._uow:
            order = await visible_order(self._uow, command.order_id, command.actor, for_update=True)
            order.cancel(by=command.actor.user_id, now=self._clock.now(), reason=command.reason)
            await self._uow.orders.save(order)
            await stage_events(self._uow, order)
            await self._uow.commit()
        return OrderView.of(order)
