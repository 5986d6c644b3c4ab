"""An admin pages through every customer's orders, filtered, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.ordering.order_pages import order_page
from application.ordering.ports import OrderFilter, OrderingUnitOfWork
from application.ordering.views import OrderSummaryView
from application.shared.actor import Actor
from application.shared.choices import parse_choice
from application.shared.pagination import DEFAULT_PAGE_SIZE, Page
from domain.ordering.status import OrderStatus
from domain.ordering.values import CustomerId
from domain.shared.errors import InvalidValueError


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAllOrders:
    """``created_from`` is inclusive, ``created_to`` exclusive; both timezone-aware."""

    actor: Actor
    status: str | None = None
    customer_id: UUID | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None


class ListAllOrdersHandler:
    """Raises PermissionDeniedError for non-admins, InvalidValueError for a bad status,
    date range, limit or cursor."""

    def __init__(self, *, uow: OrderingUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: ListAllOrders) -> Page[OrderSummaryView]:
        query.actor.require_admin()
        for field, moment in (
            ("created_from", query.created_from),
            ("created_to", query.created_to),
        ):
            if moment is not None and moment.tzinfo is None:
                raise InvalidValueError(field, "must carry a timezone")
        if (
            query.created_from is not None
            and query.created_to is not None
            and query.created_from >= query.created_to
        ):
            raise InvalidValueError("created_to", "must be after created_from")
        order_filter = OrderFilter(
            customer_id=None if query.customer_id is None else CustomerId(query.customer_id),
            status=parse_choice(OrderStatus, query.status, "status"),
            created_from=query.created_from,
            created_to=query.created_to,
        )
        return await order_page(self._uow, order_filter, limit=query.limit, cursor=query.cursor)
