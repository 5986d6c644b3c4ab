"""Stock levels and their ledger in memory, keyed like the PostgreSQL tables."""

from __future__ import annotations

from collections.abc import Collection

from adapters.outbound.persistence.memory.catalog.store import (
    PRODUCTS,
    STOCK_LEVELS,
    STOCK_MOVEMENTS,
)
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.catalog.ports import StockLevelRepository, StockMovementLedger
from domain.catalog.errors import ProductNotFoundError
from domain.catalog.stock import StockLevel, StockMovement
from domain.catalog.values import ProductId
from domain.shared.errors import ConcurrentUpdateError, ConflictError


class InMemoryStockLevelRepository(StockLevelRepository):
    """``get_for_update`` locks nothing itself: the store runs one transaction at a time."""

    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def add(self, level: StockLevel) -> None:
        if not self._tx.exists(PRODUCTS, level.product_id):
            raise ProductNotFoundError(level.product_id)
        if self._tx.exists(STOCK_LEVELS, level.product_id):
            raise ConflictError(f"product {level.product_id} already has a stock level")
        self._tx.put(STOCK_LEVELS, level.product_id, level)

    async def get(self, product_id: ProductId) -> StockLevel | None:
        return self._tx.get(STOCK_LEVELS, product_id)

    async def get_for_update(
        self, product_ids: Collection[ProductId]
    ) -> dict[ProductId, StockLevel]:
        levels: dict[ProductId, StockLevel] = {}
        for product_id in sorted(set(product_ids)):
            level = self._tx.get(STOCK_LEVELS, product_id)
            if level is not None:
                levels[product_id] = level
        return levels

    async def save(self, level: StockLevel) -> None:
        self._check_version(level)
        level.version += 1
        self._tx.put(STOCK_LEVELS, level.product_id, level)

    async def save_many(self, levels: Collection[StockLevel]) -> None:
        for level in levels:
            self._check_version(level)
        for level in levels:
            await self.save(level)

    def _check_version(self, level: StockLevel) -> None:
        stored = self._tx.get(STOCK_LEVELS, level.product_id)
        if stored is None or stored.version != level.version:
            raise ConcurrentUpdateError(
                f"the stock of product {level.product_id} changed since it was loaded"
            )


class InMemoryStockMovementLedger(StockMovementLedger):
    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def append(self, movements: Collection[StockMovement]) -> None:
        for movement in movements:
            key = (movement.product_id, movement.sequence)
            if not self._tx.exists(PRODUCTS, movement.product_id):
                raise ProductNotFoundError(movement.product_id)
            if self._tx.exists(STOCK_MOVEMENTS, key):
                raise ConflictError(
                    f"product {movement.product_id} already has movement {movement.sequence}"
                )
            self._tx.put(STOCK_MOVEMENTS, key, movement)

    async def list_for_product(
        self, product_id: ProductId, *, before: int | None, limit: int
    ) -> list[StockMovement]:
        return self._tx.select(
            STOCK_MOVEMENTS,
            lambda movement: (
                movement.product_id == product_id and (before is None or movement.sequence < before)
            ),
            order_by=lambda movement: movement.sequence,
            descending=True,
            limit=limit,
        )

    async def exists_for_product(self, product_id: ProductId) -> bool:
        return (
            self._tx.count(STOCK_MOVEMENTS, lambda movement: movement.product_id == product_id) > 0
        )
