"""An admin adds a product to a category, with empty stock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import ProductView
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.catalog.errors import UnknownCategoryError
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import Product, product_price
from domain.catalog.stock import StockLevel, check_threshold
from domain.catalog.values import CategoryId, Description, ProductId, ProductName, Sku


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateProduct:
    actor: Actor
    sku: str
    name: str
    price_cents: int
    currency: str
    category_id: UUID
    description: str = ""
    metadata: dict[str, Any] | None = None
    active: bool = True
    low_stock_threshold: int = 0


class CreateProductHandler:
    """Add a product (version 1) and its stock level (nothing on hand).

    Raises:
        PermissionDeniedError: the actor is not an admin.
        InvalidValueError: a bad SKU, name, description, price, currency, threshold, or
            metadata (InvalidMetadataError).
        UnknownCategoryError: the category does not exist (field ``category_id``).
        SkuTakenError: another product has the SKU.
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: CreateProduct) -> ProductView:
        command.actor.require_admin()
        now = self._clock.now()
        product = Product.create(
            id=ProductId(uuid4()),
            sku=Sku.parse(command.sku),
            name=ProductName.parse(command.name),
            description=Description.parse(command.description),
            price=product_price(command.price_cents, command.currency),
            category_id=CategoryId(command.category_id),
            metadata=ProductMetadata.parse({} if command.metadata is None else command.metadata),
            active=command.active,
            now=now,
        )
        level = StockLevel.open(
            product_id=product.id,
            now=now,
            low_stock_threshold=check_threshold(command.low_stock_threshold),
        )
        async with self._uow:
            if await self._uow.categories.get(product.category_id) is None:
                raise UnknownCategoryError(product.category_id)
            await self._uow.products.add(product)
            await self._uow.stock.add(level)
            await self._uow.commit()
        return ProductView.of(product, level)
