"""/api/v1/orders: place, pay, cancel and read one's own orders."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from adapters.inbound.http.auth import CurrentActor
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.ordering.idempotency import answer_idempotently
from adapters.inbound.http.ordering.schemas import (
    CancelRequest,
    OrderCreateRequest,
    OrderResponse,
    OrderSummaryResponse,
    PayRequest,
)
from adapters.inbound.http.schemas import PageResponse, problem_responses
from application.ordering.commands.cancel_order import CancelOrder, CancelOrderHandler
from application.ordering.commands.pay_order import PayOrder, PayOrderHandler
from application.ordering.commands.place_order import (
    PlaceOrder,
    PlaceOrderHandler,
    PlaceOrderLine,
)
from application.ordering.ports import IdempotencyStore
from application.ordering.queries.get_order import GetOrder, GetOrderHandler
from application.ordering.queries.list_orders import ListOrders, ListOrdersHandler
from application.ordering.views import OrderSummaryView, OrderView
from application.shared.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page
from application.shared.ports import Clock

router = APIRouter(prefix="/api/v1/orders", tags=["orders"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Send the same key to retry safely: the first response is replayed.",
    ),
]


@router.post(
    "",
    status_code=201,
    response_model=OrderResponse,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503),
)
async def place_order(
    request: Request,
    body: OrderCreateRequest,
    actor: CurrentActor,
    idempotency_key: IdempotencyKey = None,
    handler: PlaceOrderHandler = Depends(Inject["ordering.place_order"]),
    store: IdempotencyStore = Depends(Inject["ordering.idempotency"]),
    clock: Clock = Depends(Inject["platform.clock"]),
) -> JSONResponse:
    """Prices are taken from the catalog now; stock is reserved for every line or none.
    With ``payment_method_id`` the order is paid in the same request."""

    async def produce() -> OrderResponse:
        view = await handler.handle(
            PlaceOrder(
                actor=actor,
                lines=[
                    PlaceOrderLine(product_id=line.product_id, quantity=line.quantity)
                    for line in body.lines
                ],
                payment_method_id=body.payment_method_id,
            )
        )
        return order_response(view)

    return await answer_idempotently(
        request,
        actor=actor,
        key=idempotency_key,
        body=body,
        status=201,
        store=store,
        clock=clock,
        produce=produce,
    )


@router.get("", responses=problem_responses(401, 422, 503))
async def list_orders(
    actor: CurrentActor,
    status: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    handler: ListOrdersHandler = Depends(Inject["ordering.list_orders"]),
) -> PageResponse[OrderSummaryResponse]:
    """The caller's own orders, newest first."""
    page = await handler.handle(ListOrders(actor=actor, status=status, limit=limit, cursor=cursor))
    return summaries(page)


@router.get("/{order_id}", responses=problem_responses(401, 404, 422, 503))
async def get_order(
    order_id: UUID,
    actor: CurrentActor,
    handler: GetOrderHandler = Depends(Inject["ordering.get_order"]),
) -> OrderResponse:
    return order_response(await handler.handle(GetOrder(actor=actor, order_id=order_id)))


@router.post(
    "/{order_id}/pay",
    response_model=OrderResponse,
    responses=problem_responses(400, 401, 404, 409, 413, 422, 503),
)
async def pay_order(
    request: Request,
    order_id: UUID,
    body: PayRequest,
    actor: CurrentActor,
    idempotency_key: IdempotencyKey = None,
    handler: PayOrderHandler = Depends(Inject["ordering.pay_order"]),
    store: IdempotencyStore = Depends(Inject["ordering.idempotency"]),
    clock: Clock = Depends(Inject["platform.clock"]),
) -> JSONResponse:
    async def produce() -> OrderResponse:
        view = await handler.handle(
            PayOrder(actor=actor, order_id=order_id, payment_method_id=body.payment_method_id)
        )
        return order_response(view)

    return await answer_idempotently(
        request,
        actor=actor,
        key=idempotency_key,
        body=body,
        status=200,
        store=store,
        clock=clock,
        produce=produce,
    )


@router.post("/{order_id}/cancel", responses=problem_responses(400, 401, 404, 409, 413, 422, 503))
async def cancel_order(
    order_id: UUID,
    actor: CurrentActor,
    body: CancelRequest | None = None,
    handler: CancelOrderHandler = Depends(Inject["ordering.cancel_order"]),
) -> OrderResponse:
    """Only a pending order can be cancelled; its reserved stock is released."""
    reason = None if body is None else body.reason
    view = await handler.handle(CancelOrder(actor=actor, order_id=order_id, reason=reason))
    return order_response(view)


def order_response(view: OrderView) -> OrderResponse:
    return OrderResponse.model_validate(view, from_attributes=True)


def summaries(page: Page[OrderSummaryView]) -> PageResponse[OrderSummaryResponse]:
    return PageResponse[OrderSummaryResponse](
        items=[OrderSummaryResponse.model_validate(v, from_attributes=True) for v in page.items],
        next_cursor=page.next_cursor,
    )
