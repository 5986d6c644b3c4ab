"""An admin changes a product, optionally only if it is still at the version they read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from application.catalog.lookups import require_version, stock_of
from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import ProductView
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.catalog.errors import ProductNotFoundError, UnknownCategoryError
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import Product, product_price
from domain.catalog.values import CategoryId, Description, ProductId, ProductName, Sku


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateProduct:
    """Absent (None) fields stay as they are; ``metadata`` replaces the whole object.

    ``expected_version`` is the version the caller read (HTTP If-Match); None updates
    whatever version is stored.
    """

    actor: Actor
    product_id: UUID
    expected_version: int | None = None
    sku: str | None = None
    name: str | None = None
    description: str | None = None
    price_cents: int | None = None
    currency: str | None = None
    category_id: UUID | None = None
    metadata: dict[str, Any] | None = None
    active: bool | None = None
    low_stock_threshold: int | None = None


class UpdateProductHandler:
    """Apply the given fields; the product's version goes up by one.

    The product is locked while the version is compared and the change saved, so an
    expected version that matched is the one the change was made to.

    Raises:
        PermissionDeniedError: the actor is not an admin.
        ProductNotFoundError: no such product.
        ProductVersionMismatchError: the product is not at ``expected_version``
            (code ``precondition-failed``: HTTP 412).
        InvalidValueError: a field breaks its rule.
        UnknownCategoryError: the new category does not exist (field ``category_id``).
        SkuTakenError: another product has the new SKU.
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: UpdateProduct) -> ProductView:
        command.actor.require_admin()
        now = self._clock.now()
        async with self._uow:
            product = await self._uow.products.get_for_update(ProductId(command.product_id))
            if product is None:
                raise ProductNotFoundError(command.product_id)
            require_version(product, command.expected_version)
            _apply(product, command, now)
            if command.category_id is not None and (
                await self._uow.categories.get(product.category_id) is None
            ):
                raise UnknownCategoryError(command.category_id)
            if command.low_stock_threshold is None:
                level = await stock_of(self._uow, product.id)
            else:
                level = (await self._uow.stock.get_for_update([product.id]))[product.id]
                level.change_threshold(command.low_stock_threshold, now=now)
                await self._uow.stock.save(level)
            await self._uow.products.save(product)
            await self._uow.commit()
        return ProductView.of(product, level)


def _apply(product: Product, command: UpdateProduct, now: datetime) -> None:
    if command.sku is not None:
        product.change_sku(Sku.parse(command.sku), now=now)
    if command.name is not None:
        product.rename(ProductName.parse(command.name), now=now)
    if command.description is not None:
        product.describe(Description.parse(command.description), now=now)
    if command.price_cents is not None or command.currency is not None:
        amount = product.price.amount if command.price_cents is None else command.price_cents
        currency = product.price.currency if command.currency is None else command.currency
        product.reprice(product_price(amount, currency), now=now)
    if command.category_id is not None:
        product.move_to(CategoryId(command.category_id), now=now)
    if command.metadata is not None:
        product.replace_metadata(ProductMetadata.parse(command.metadata), now=now)
    if command.active is True:
        product.activate(now=now)
    elif command.active is False:
        product.deactivate(now=now)
