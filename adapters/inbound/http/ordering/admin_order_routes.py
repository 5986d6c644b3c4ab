"""/api/v1/admin/orders: every order, and the status changes only staff make."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from adapters.inbound.http.auth import CurrentActor
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.ordering.order_routes import order_response, summaries
from adapters.inbound.http.ordering.schemas import (
    OrderResponse,
    OrderStatusRequest,
    OrderSummaryResponse,
)
from adapters.inbound.http.schemas import DateTimeText, PageResponse, problem_responses
from application.ordering.commands.change_order_status import (
    ChangeOrderStatus,
    ChangeOrderStatusHandler,
)
from application.ordering.queries.list_all_orders import ListAllOrders, ListAllOrdersHandler
from application.shared.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

router = APIRouter(prefix="/api/v1/admin/orders", tags=["admin: orders"])


@router.get("", responses=problem_responses(401, 403, 422, 503))
async def list_all_orders(
    actor: CurrentActor,
    status: Annotated[str | None, Query(max_length=32)] = None,
    customer_id: UUID | None = None,
    created_from: DateTimeText | None = None,
    created_to: DateTimeText | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    handler: ListAllOrdersHandler = Depends(Inject["ordering.list_all_orders"]),
) -> PageResponse[OrderSummaryResponse]:
    page = await handler.handle(
        ListAllOrders(
            actor=actor,
            status=status,
            customer_id=customer_id,
            created_from=created_from,
            created_to=created_to,
            limit=limit,
            cursor=cursor,
        )
    )
    return summaries(page)


@router.post(
    "/{order_id}/status", responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503)
)
async def change_status(
    order_id: UUID,
    body: OrderStatusRequest,
    actor: CurrentActor,
    handler: ChangeOrderStatusHandler = Depends(Inject["ordering.change_order_status"]),
) -> OrderResponse:
    """Ship, deliver or refund (through the payment processor; stock is returned)."""
    view = await handler.handle(
        ChangeOrderStatus(actor=actor, order_id=order_id, status=body.status, reason=body.reason)
    )
    return order_response(view)
