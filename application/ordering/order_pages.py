"""Paging through orders newest first, shared by the customer's and the admins' listings."""

from __future__ import annotations

from application.ordering.ports import OrderFilter, OrderingUnitOfWork
from application.ordering.views import OrderSummaryView
from application.shared.pagination import Page, TimeCursor, check_limit


async def order_page(
    uow: OrderingUnitOfWork, order_filter: OrderFilter, *, limit: int, cursor: str | None
) -> Page[OrderSummaryView]:
    """One page of the matching orders; the cursor carries the last one's time and id.

    Raises InvalidValueError for a bad limit or cursor.
    """
    limit = check_limit(limit)
    after = None if cursor is None else TimeCursor.decode(cursor)
    async with uow:
        orders = await uow.orders.list(order_filter, after=after, limit=limit + 1)
    page, more = orders[:limit], len(orders) > limit
    next_cursor = TimeCursor(page[-1].created_at, page[-1].id).encode() if more else None
    return Page([OrderSummaryView.of(order) for order in page], next_cursor)
