"""/api/v1/products: search and read (public), create, change and delete (admins)."""

from __future__ import annotations

import json
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Response
from fastapi import status as http_status
from pydantic import ValidationError

from adapters.inbound.http.auth import CurrentActor, OptionalActor
from adapters.inbound.http.catalog.etags import etag, expected_version, set_etag
from adapters.inbound.http.catalog.schemas import (
    SIGN_IN_OPTIONAL,
    ProductCreateRequest,
    ProductDeletedResponse,
    ProductResponse,
    ProductSearchParams,
    ProductUpdateRequest,
)
from adapters.inbound.http.hot_reads import HotRequest, hot_route
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.schemas import PageResponse, problem_responses, view_response
from application.catalog.commands.create_product import CreateProduct, CreateProductHandler
from application.catalog.commands.delete_product import DeleteProduct, DeleteProductHandler
from application.catalog.commands.update_product import UpdateProduct, UpdateProductHandler
from application.catalog.queries.get_product import GetProduct, GetProductHandler
from application.catalog.queries.search_products import SearchProducts, SearchProductsHandler
from application.catalog.views import ProductView
from domain.shared.errors import InvalidValueError

router = APIRouter(prefix="/api/v1/products", tags=["products"])

_SEARCH_PRODUCTS = Inject("catalog.search_products")
_GET_PRODUCT = Inject("catalog.get_product")


@router.get(
    "",
    response_model=PageResponse[ProductResponse],
    responses=problem_responses(401, 403, 404, 422, 503),
    openapi_extra=SIGN_IN_OPTIONAL,
)
async def search_products(
    actor: OptionalActor,
    params: Annotated[ProductSearchParams, Query()],
    handler: SearchProductsHandler = Depends(_SEARCH_PRODUCTS),
) -> Response:
    page = await handler.handle(
        SearchProducts(
            actor=actor,
            q=params.q,
            category_id=params.category_id,
            min_price=params.min_price,
            max_price=params.max_price,
            currency=params.currency,
            in_stock=params.in_stock,
            metadata=_metadata_filter(params.metadata),
            include_inactive=params.include_inactive,
            sort=params.sort,
            limit=params.limit,
            cursor=params.cursor,
        )
    )
    return view_response(page)


@router.get(
    "/{product_id}",
    response_model=ProductResponse,
    responses=problem_responses(401, 404, 422, 503),
    openapi_extra=SIGN_IN_OPTIONAL,
)
async def get_product(
    product_id: UUID,
    actor: OptionalActor,
    handler: GetProductHandler = Depends(_GET_PRODUCT),
) -> Response:
    view = await handler.handle(GetProduct(product_id=product_id, actor=actor))
    return view_response(view, headers={"ETag": etag(view.version)})


async def _hot_search_products(request: HotRequest) -> Response | None:
    query = request.query()
    if query is None:
        return None
    try:
        params = ProductSearchParams.model_validate(query)
    except ValidationError:
        return None
    actor = request.actor(required=False)
    return await search_products(actor, params, request.use_case(_SEARCH_PRODUCTS))


async def _hot_get_product(request: HotRequest) -> Response | None:
    product_id = request.path_uuid()
    if product_id is None:
        return None
    actor = request.actor(required=False)
    return await get_product(product_id, actor, request.use_case(_GET_PRODUCT))


HOT_ROUTES = (
    hot_route(router, search_products, _hot_search_products),
    hot_route(router, get_product, _hot_get_product),
)


@router.post(
    "",
    status_code=http_status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 409, 413, 422, 503),
)
async def create_product(
    body: ProductCreateRequest,
    actor: CurrentActor,
    response: Response,
    handler: CreateProductHandler = Depends(Inject["catalog.create_product"]),
) -> ProductResponse:
    view = await handler.handle(CreateProduct(actor=actor, **body.model_dump()))
    set_etag(response, view.version)
    response.headers["Location"] = f"{router.prefix}/{view.id}"
    return _product(view)


@router.patch(
    "/{product_id}",
    responses=problem_responses(400, 401, 403, 404, 409, 412, 413, 422, 503),
)
async def update_product(
    product_id: UUID,
    body: ProductUpdateRequest,
    actor: CurrentActor,
    response: Response,
    if_match: Annotated[str | None, Header(max_length=64)] = None,
    handler: UpdateProductHandler = Depends(Inject["catalog.update_product"]),
) -> ProductResponse:
    view = await handler.handle(
        UpdateProduct(
            actor=actor,
            product_id=product_id,
            expected_version=expected_version(if_match),
            **body.model_dump(exclude_unset=True),
        )
    )
    set_etag(response, view.version)
    return _product(view)


@router.delete("/{product_id}", responses=problem_responses(401, 403, 404, 409, 412, 422, 503))
async def delete_product(
    product_id: UUID,
    actor: CurrentActor,
    if_match: Annotated[str | None, Header(max_length=64)] = None,
    handler: DeleteProductHandler = Depends(Inject["catalog.delete_product"]),
) -> ProductDeletedResponse:
    """Deletes a product with no stock history; one with history is deactivated instead."""
    result = await handler.handle(
        DeleteProduct(
            actor=actor, product_id=product_id, expected_version=expected_version(if_match)
        )
    )
    return ProductDeletedResponse(outcome=result.outcome.value)


def _product(view: ProductView) -> ProductResponse:
    return ProductResponse.model_validate(view, from_attributes=True)


def _metadata_filter(raw: str | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        parsed = json.loads(raw)
    except ValueError:
        raise InvalidValueError("metadata", "must be a JSON object") from None
    if not isinstance(parsed, dict):
        raise InvalidValueError("metadata", "must be a JSON object")
    return parsed
