"""An admin deletes a product: for good while it has no stock history, else by deactivating it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from application.catalog.lookups import require_version
from application.catalog.ports import CatalogUnitOfWork
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.catalog.errors import ProductNotFoundError
from domain.catalog.values import ProductId


class DeleteOutcome(StrEnum):
    DELETED = "deleted"
    DEACTIVATED = "deactivated"


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteProduct:
    actor: Actor
    product_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteProductResult:
    outcome: DeleteOutcome


class DeleteProductHandler:
    """Delete a product that never had stock; deactivate one that did.

    A product with stock movements or reservations stays, inactive, because the ledger
    and orders' reservations refer to it; customers no longer see it either way, and an
    admin may reactivate it. Deleting an inactive product with history is a no-op that
    answers ``deactivated`` again and changes nothing.

    Raises:
        PermissionDeniedError: the actor is not an admin.
        ProductNotFoundError: no such product.
        ProductVersionMismatchError: the product is not at ``expected_version``
            (code ``precondition-failed``: HTTP 412).
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: DeleteProduct) -> DeleteProductResult:
        command.actor.require_admin()
        async with self._uow:
            product = await self._uow.products.get_for_update(ProductId(command.product_id))
            if product is None:
                raise ProductNotFoundError(command.product_id)
            require_version(product, command.expected_version)
            if await _has_stock_history(self._uow, product.id):
                if product.active:
                    product.deactivate(now=self._clock.now())
                    await self._uow.products.save(product)
                outcome = DeleteOutcome.DEACTIVATED
            else:
                await self._uow.products.delete(product.id)
                outcome = DeleteOutcome.DELETED
            await self._uow.commit()
        return DeleteProductResult(outcome=outcome)


async def _has_stock_history(uow: CatalogUnitOfWork, product_id: ProductId) -> bool:
    return await uow.movements.exists_for_product(
        product_id
    ) or await uow.reservations.exists_for_product(product_id)
