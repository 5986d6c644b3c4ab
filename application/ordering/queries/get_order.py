"""A customer reads one of their orders; an admin reads any."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.ordering.lookups import visible_order
from application.ordering.ports import OrderingUnitOfWork
from application.ordering.views import OrderView
from application.shared.actor import Actor


@dataclass(frozen=True, slots=True, kw_only=True)
class GetOrder:
    actor: Actor
    order_id: UUID


class GetOrderHandler:
    """The order with its lines, totals, payments and status history.

    Raises OrderNotFoundError for an unknown order or another customer's.
    """

    def __init__(self, *, uow: OrderingUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: GetOrder) -> OrderView:
        async with self._uow:
            return OrderView.of(await visible_order(self._uow, query.order_id, query.actor))
