"""/api/v1/products/{id}/stock: the stock level (public), adjustments and ledger (admins)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from fastapi import status as http_status

from adapters.inbound.http.auth import CurrentActor, OptionalActor
from adapters.inbound.http.catalog.schemas import (
    SIGN_IN_OPTIONAL,
    StockAdjustmentRequest,
    StockAdjustmentResponse,
    StockMovementResponse,
    StockResponse,
)
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.schemas import PageResponse, problem_responses
from application.catalog.commands.adjust_stock import AdjustStock, AdjustStockHandler
from application.catalog.queries.get_stock import GetStock, GetStockHandler
from application.catalog.queries.list_stock_movements import (
    ListStockMovements,
    ListStockMovementsHandler,
)
from application.shared.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

router = APIRouter(prefix="/api/v1/products/{product_id}/stock", tags=["stock"])


@router.get("", responses=problem_responses(401, 404, 422, 503), openapi_extra=SIGN_IN_OPTIONAL)
async def get_stock(
    product_id: UUID,
    actor: OptionalActor,
    handler: GetStockHandler = Depends(Inject["catalog.get_stock"]),
) -> StockResponse:
    view = await handler.handle(GetStock(product_id=product_id, actor=actor))
    return StockResponse.model_validate(view, from_attributes=True)


@router.post(
    "",
    status_code=http_status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503),
)
async def adjust_stock(
    product_id: UUID,
    body: StockAdjustmentRequest,
    actor: CurrentActor,
    handler: AdjustStockHandler = Depends(Inject["catalog.adjust_stock"]),
) -> StockAdjustmentResponse:
    """Receive, correct, write off…: each adjustment is a movement in the ledger."""
    result = await handler.handle(
        AdjustStock(
            actor=actor,
            product_id=product_id,
            delta=body.delta,
            reason=body.reason,
            note=body.note,
        )
    )
    return StockAdjustmentResponse.model_validate(result, from_attributes=True)


@router.get("/movements", responses=problem_responses(401, 403, 404, 422, 503))
async def list_movements(
    product_id: UUID,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    handler: ListStockMovementsHandler = Depends(Inject["catalog.list_stock_movements"]),
) -> PageResponse[StockMovementResponse]:
    page = await handler.handle(
        ListStockMovements(actor=actor, product_id=product_id, limit=limit, cursor=cursor)
    )
    return PageResponse[StockMovementResponse](
        items=[StockMovementResponse.model_validate(m, from_attributes=True) for m in page.items],
        next_cursor=page.next_cursor,
    )
