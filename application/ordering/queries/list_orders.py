"""A customer pages through their own orders, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from application.ordering.lookups import customer_of
from application.ordering.order_pages import order_page
from application.ordering.ports import OrderFilter, OrderingUnitOfWork
from application.ordering.views import OrderSummaryView
from application.shared.actor import Actor
from application.shared.choices import parse_choice
from application.shared.pagination import DEFAULT_PAGE_SIZE, Page
from domain.ordering.status import OrderStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOrders:
    actor: Actor
    status: str | None = None
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None


class ListOrdersHandler:
    """Only the actor's own orders, admins included (ListAllOrders shows everyone's).

    Raises InvalidValueError for a bad status, limit or cursor.
    """

    def __init__(self, *, uow: OrderingUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: ListOrders) -> Page[OrderSummaryView]:
        order_filter = OrderFilter(
            customer_id=customer_of(query.actor),
            status=parse_choice(OrderStatus, query.status, "status"),
        )
        return await order_page(self._uow, order_filter, limit=query.limit, cursor=query.cursor)
