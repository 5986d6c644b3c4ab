"""/api/v1/products: search and read (public), create, change and delete (admins)."""

from __future__ import annotations

import json
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Response
from fastapi import status as http_status

from adapters.inbound.http.auth import CurrentActor, OptionalActor
from adapters.inbound.http.catalog.etags import etag, expected_version, set_etag
from adapters.inbound.http.catalog.schemas import (
    SIGN_IN_OPTIONAL,
    ProductCreateRequest,
    ProductDeletedResponse,
    ProductResponse,
    ProductUpdateRequest,
)
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.schemas import JsonOf, PageResponse, problem_responses
from application.catalog.commands.create_product import CreateProduct, CreateProductHandler
from application.catalog.commands.delete_product import DeleteProduct, DeleteProductHandler
from application.catalog.commands.update_product import UpdateProduct, UpdateProductHandler
from application.catalog.queries.get_product import GetProduct, GetProductHandler
from application.catalog.queries.search_products import SearchProducts, SearchProductsHandler
from application.catalog.views import ProductView
from application.shared.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from domain.shared.errors import InvalidValueError

router = APIRouter(prefix="/api/v1/products", tags=["products"])

MAX_METADATA_FILTER_CHARS = 2000
_PRODUCT_JSON = JsonOf(ProductResponse)
_PRODUCT_PAGE_JSON = JsonOf(PageResponse[ProductResponse])


@router.get(
    "",
    response_model=PageResponse[ProductResponse],
    responses=problem_responses(401, 403, 404, 422, 503),
    openapi_extra=SIGN_IN_OPTIONAL,
)
async def search_products(
    actor: OptionalActor,
    q: Annotated[str | None, Query(max_length=200)] = None,
    category_id: UUID | None = None,
    min_price: Annotated[int | None, Query(ge=0)] = None,
    max_price: Annotated[int | None, Query(ge=0)] = None,
    currency: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
    in_stock: bool | None = None,
    metadata: Annotated[
        str | None,
        Query(
            max_length=MAX_METADATA_FILTER_CHARS,
            description='a JSON object the products\' metadata must contain, e.g. {"color":"red"}',
        ),
    ] = None,
    include_inactive: bool = False,
    sort: Annotated[
        str | None, Query(description="relevance, price, -price, name or newest (default)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
    handler: SearchProductsHandler = Depends(Inject["catalog.search_products"]),
) -> Response:
    page = await handler.handle(
        SearchProducts(
            actor=actor,
            q=q,
            category_id=category_id,
            min_price=min_price,
            max_price=max_price,
            currency=currency,
            in_stock=in_stock,
            metadata=_metadata_filter(metadata),
            include_inactive=include_inactive,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )
    )
    return _PRODUCT_PAGE_JSON.response(page)


@router.get(
    "/{product_id}",
    response_model=ProductResponse,
    responses=problem_responses(401, 404, 422, 503),
    openapi_extra=SIGN_IN_OPTIONAL,
)
async def get_product(
    product_id: UUID,
    actor: OptionalActor,
    handler: GetProductHandler = Depends(Inject["catalog.get_product"]),
) -> Response:
    view = await handler.handle(GetProduct(product_id=product_id, actor=actor))
    return _PRODUCT_JSON.response(view, headers={"ETag": etag(view.version)})


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
