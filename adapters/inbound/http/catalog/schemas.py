"""Request and response bodies of the catalog's routes.

Money and quantities are strict integers: 12.5 (or 12.0) is refused, never rounded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field, StrictBool, StrictInt

from adapters.inbound.http.schemas import RequestModel
from application.shared.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

# For routes anyone may call, signed in or not: OpenAPI's empty security requirement makes
# the bearer token optional (a bad token is still refused with 401).
SIGN_IN_OPTIONAL: dict[str, Any] = {"security": [{}]}


class CategoryCreateRequest(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    slug: str = Field(min_length=1, max_length=200)
    parent_id: UUID | None = None
    position: StrictInt = Field(default=0, ge=0, le=1_000_000)


class CategoryUpdateRequest(RequestModel):
    """Absent fields stay; ``parent_id`` present (even null: to the top) moves the category."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    slug: str | None = Field(default=None, min_length=1, max_length=200)
    position: StrictInt | None = Field(default=None, ge=0, le=1_000_000)
    parent_id: UUID | None = None


class CategoryResponse(BaseModel):
    id: UUID
    name: str
    slug: str
    parent_id: UUID | None
    position: int
    created_at: datetime
    updated_at: datetime


class CategoryDetailResponse(CategoryResponse):
    path: list[CategoryResponse]  # the breadcrumb, from the top down to this category


class CategoryNodeResponse(BaseModel):
    id: UUID
    name: str
    slug: str
    parent_id: UUID | None
    position: int
    depth: int
    children: list[CategoryNodeResponse]


class CategoryTreeResponse(BaseModel):
    items: list[CategoryNodeResponse]


class ProductCreateRequest(RequestModel):
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=10_000)
    price_cents: StrictInt = Field(ge=0)
    currency: str = Field(min_length=3, max_length=3)
    category_id: UUID
    metadata: dict[str, Any] | None = None
    active: StrictBool = True
    low_stock_threshold: StrictInt = Field(default=0, ge=0)


class ProductUpdateRequest(RequestModel):
    sku: str | None = Field(default=None, min_length=1, max_length=64)
    name: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=10_000)
    price_cents: StrictInt | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    category_id: UUID | None = None
    metadata: dict[str, Any] | None = None
    active: StrictBool | None = None
    low_stock_threshold: StrictInt | None = Field(default=None, ge=0)


class StockResponse(BaseModel):
    on_hand: int
    reserved: int
    available: int
    low_stock_threshold: int
    low_stock: bool


class ProductSearchParams(BaseModel):
    """The query of a product search; the document lists each field as a query parameter."""

    q: str | None = Field(default=None, max_length=200)
    category_id: UUID | None = None
    min_price: int | None = Field(default=None, ge=0)
    max_price: int | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    in_stock: bool | None = None
    metadata: str | None = Field(
        default=None,
        max_length=2000,
        description='a JSON object the products\' metadata must contain, e.g. {"color":"red"}',
    )
    include_inactive: bool = False
    sort: str | None = Field(
        default=None, description="relevance, price, -price, name or newest (default)"
    )
    limit: int = Field(default=DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(default=None, max_length=1024)


class ProductResponse(BaseModel):
    id: UUID
    sku: str
    name: str
    description: str
    price_cents: int
    currency: str
    category_id: UUID
    metadata: dict[str, Any]
    active: bool
    stock: StockResponse
    version: int
    created_at: datetime
    updated_at: datetime


class ProductDeletedResponse(BaseModel):
    outcome: str  # "deleted", or "deactivated" when stock history must be kept


class StockAdjustmentRequest(RequestModel):
    delta: StrictInt = Field(ge=-1_000_000_000, le=1_000_000_000)
    reason: str = Field(min_length=1, max_length=32)
    note: str | None = Field(default=None, max_length=500)


class StockMovementResponse(BaseModel):
    product_id: UUID
    sequence: int
    reason: str
    on_hand_delta: int
    reserved_delta: int
    on_hand_after: int
    reserved_after: int
    available_after: int
    order_id: UUID | None
    actor_id: UUID | None
    note: str | None
    occurred_at: datetime


class StockAdjustmentResponse(BaseModel):
    stock: StockResponse
    movement: StockMovementResponse
