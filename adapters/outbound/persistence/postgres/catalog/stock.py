"""Stock levels and their ledger in PostgreSQL."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ARRAY, Uuid, any_, bindparam, exists, insert, select, text, update

from adapters.outbound.persistence.postgres.catalog.mappers import (
    stock_level_from_row,
    stock_level_values,
    stock_movement_from_row,
    stock_movement_values,
)
from adapters.outbound.persistence.postgres.catalog.tables import (
    STOCK_LEVELS_PKEY,
    STOCK_LEVELS_PRODUCT,
    STOCK_MOVEMENT_COLUMNS,
    STOCK_MOVEMENTS_PKEY,
    STOCK_MOVEMENTS_PRODUCT,
    stock_levels,
    stock_movements,
)
from adapters.outbound.persistence.postgres.statements import Query
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.catalog.ports import StockLevelRepository, StockMovementLedger
from domain.catalog.errors import ProductNotFoundError
from domain.catalog.stock import StockLevel, StockMovement
from domain.catalog.values import ProductId
from domain.shared.errors import ConcurrentUpdateError, ConflictError

_LEVEL = select(*(column for column in stock_levels.c if column.name != "available"))
_LEVEL_BY_ID = Query.of(_LEVEL.where(stock_levels.c.product_id == bindparam("product_id")))

_LOCK_LEVELS = Query.of(
    _LEVEL.where(stock_levels.c.product_id == any_(bindparam("product_ids", type_=ARRAY(Uuid()))))
    .order_by(stock_levels.c.product_id)
    .with_for_update()
)

# Arrays of values, one statement whatever their number: a multi-row VALUES list would be
# compiled anew for each row count.
_SAVE_LEVELS = Query.of(
    text(
        """
    UPDATE stock_levels AS s
    SET on_hand = u.on_hand, reserved = u.reserved,
        low_stock_threshold = u.low_stock_threshold, last_sequence = u.last_sequence,
        updated_at = u.updated_at, version = u.version + 1
    FROM unnest(
        CAST(:product_ids AS uuid[]), CAST(:on_hand AS integer[]), CAST(:reserved AS integer[]),
        CAST(:thresholds AS integer[]), CAST(:last_sequences AS integer[]),
        CAST(:updated_at AS timestamptz[]), CAST(:versions AS integer[])
    ) AS u(product_id, on_hand, reserved, low_stock_threshold, last_sequence, updated_at, version)
    WHERE s.product_id = u.product_id AND s.version = u.version
    RETURNING s.product_id
    """
    )
)
_APPEND_MOVEMENTS = Query.of(
    text(
        """
    INSERT INTO stock_movements (
        product_id, sequence, reason, on_hand_delta, reserved_delta, on_hand_after,
        reserved_after, order_id, actor_id, note, occurred_at
    )
    SELECT * FROM unnest(
        CAST(:product_id AS uuid[]), CAST(:sequence AS integer[]), CAST(:reason AS text[]),
        CAST(:on_hand_delta AS integer[]), CAST(:reserved_delta AS integer[]),
        CAST(:on_hand_after AS integer[]), CAST(:reserved_after AS integer[]),
        CAST(:order_id AS uuid[]), CAST(:actor_id AS uuid[]), CAST(:note AS text[]),
        CAST(:occurred_at AS timestamptz[])
    )
    RETURNING product_id
    """
    )
)


class PostgresStockLevelRepository(StockLevelRepository):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, level: StockLevel) -> None:
        await self._tx.execute(
            insert(stock_levels).values(
                product_id=level.product_id, version=level.version, **stock_level_values(level)
            ),
            on_constraint={
                STOCK_LEVELS_PRODUCT: lambda: ProductNotFoundError(level.product_id),
                STOCK_LEVELS_PKEY: lambda: ConflictError(
                    f"product {level.product_id} already has a stock level"
                ),
            },
        )

    async def get(self, product_id: ProductId) -> StockLevel | None:
        row = (await self._tx.run(_LEVEL_BY_ID, product_id=product_id)).first()
        return None if row is None else stock_level_from_row(row)

    async def get_for_update(
        self, product_ids: Collection[ProductId]
    ) -> dict[ProductId, StockLevel]:
        wanted = sorted(set(product_ids))
        if not wanted:
            return {}
        # Rows are locked as the sorted scan returns them (LockRows above Sort): in product
        # id order, the order every other stock change locks them in.
        result = await self._tx.run(_LOCK_LEVELS, product_ids=wanted)
        levels = (stock_level_from_row(row) for row in result)
        return {level.product_id: level for level in levels}

    async def save(self, level: StockLevel) -> None:
        result = await self._tx.execute(
            update(stock_levels)
            .where(
                stock_levels.c.product_id == level.product_id,
                stock_levels.c.version == level.version,
            )
            .values(version=level.version + 1, **stock_level_values(level))
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(
                f"the stock of product {level.product_id} changed since it was loaded"
            )
        level.version += 1

    async def save_many(self, levels: Collection[StockLevel]) -> None:
        if not levels:
            return
        values = [(level, stock_level_values(level)) for level in levels]
        result = await self._tx.run(
            _SAVE_LEVELS,
            product_ids=[level.product_id for level, _ in values],
            on_hand=[row["on_hand"] for _, row in values],
            reserved=[row["reserved"] for _, row in values],
            thresholds=[row["low_stock_threshold"] for _, row in values],
            last_sequences=[row["last_sequence"] for _, row in values],
            updated_at=[row["updated_at"] for _, row in values],
            versions=[level.version for level, _ in values],
        )
        if result.rowcount != len(values):
            # The statement wrote the others: the caller's transaction must not commit.
            raise ConcurrentUpdateError("the stock of a product changed since it was loaded")
        for level, _ in values:
            level.version += 1


class PostgresStockMovementLedger(StockMovementLedger):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def append(self, movements: Collection[StockMovement]) -> None:
        rows = [stock_movement_values(movement) for movement in movements]
        if not rows:
            return
        # One statement for all: the foreign key cannot say which product it missed, so
        # the error names the first of the batch (a batch is one product's, or one
        # reservation's whose products were locked just before).
        first = rows[0]["product_id"]
        await self._tx.run(
            _APPEND_MOVEMENTS,
            {
                STOCK_MOVEMENTS_PRODUCT: lambda: ProductNotFoundError(first),
                STOCK_MOVEMENTS_PKEY: lambda: ConflictError(
                    "a product already has a movement of that sequence"
                ),
            },
            **{name: [row[name] for row in rows] for name in STOCK_MOVEMENT_COLUMNS},
        )

    async def list_for_product(
        self, product_id: ProductId, *, before: int | None, limit: int
    ) -> list[StockMovement]:
        query = select(stock_movements).where(stock_movements.c.product_id == product_id)
        if before is not None:
            query = query.where(stock_movements.c.sequence < before)
        query = query.order_by(stock_movements.c.sequence.desc()).limit(max(limit, 0))
        return [stock_movement_from_row(row) for row in await self._tx.execute(query)]

    async def exists_for_product(self, product_id: ProductId) -> bool:
        result = await self._tx.execute(
            select(exists().where(stock_movements.c.product_id == product_id))
        )
        return bool(result.scalar_one())
