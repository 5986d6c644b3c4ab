"""An admin adjusts a product's units on hand, with a reason the ledger records."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import StockMovementView, StockView
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.catalog.errors import ProductNotFoundError
from domain.catalog.stock import StockMovementReason, check_adjustment, check_note
from domain.catalog.values import ProductId
from domain.shared.errors import InvalidValueError


@dataclass(frozen=True, slots=True, kw_only=True)
class AdjustStock:
    """``delta`` adds units (> 0) or removes them (< 0); ``reason`` is one of receive,
    return (deltas > 0), damage, loss (deltas < 0) or correct (either)."""

    actor: Actor
    product_id: UUID
    delta: int
    reason: str
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AdjustStockResult:
    stock: StockView
    movement: StockMovementView


class AdjustStockHandler:
    """Change on hand under the stock lock and record the movement in the ledger.

    Works on inactive products too (stock is counted whether or not it is offered).

    Raises:
        PermissionDeniedError: the actor is not an admin.
        InvalidValueError: a zero or out-of-bounds delta, an unknown reason or one whose
            sign does not fit the delta, a bad note.
        ProductNotFoundError: no such product.
        InsufficientStockError: removing would cut into reserved units
            (code ``insufficient-stock``).
        StockLimitExceededError: on hand would exceed its bound.
    """

    def __init__(self, *, uow: CatalogUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: AdjustStock) -> AdjustStockResult:
        command.actor.require_admin()
        reason = _reason(command.reason)
        check_adjustment(command.delta, reason)
        note = check_note(command.note)
        product_id = ProductId(command.product_id)
        async with self._uow:
            level = (await self._uow.stock.get_for_update([product_id])).get(product_id)
            if level is None:
                raise ProductNotFoundError(product_id)
            movement = level.adjust(
                command.delta, reason, by=command.actor.user_id, note=note, now=self._clock.now()
            )
            await self._uow.stock.save(level)
            await self._uow.movements.append([movement])
            await self._uow.commit()
        return AdjustStockResult(stock=StockView.of(level), movement=StockMovementView.of(movement))


def _reason(raw: str) -> StockMovementReason:
    try:
        return StockMovementReason(raw)
    except ValueError:
        raise InvalidValueError("reason", f"{raw!r} is not a stock adjustment reason") from None
