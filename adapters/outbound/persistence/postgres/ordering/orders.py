"""Orders in PostgreSQL: a row of ``orders`` with its lines, history and payment attempts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    Table,
    and_,
    func,
    insert,
    literal_column,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.dialects.postgresql import insert as upsert

from adapters.outbound.persistence.postgres.errors import ErrorFactory
from adapters.outbound.persistence.postgres.ordering.mappers import (
    line_rows,
    new_order_values,
    order_from_row,
    order_values,
    payment_attempt_rows,
    status_change_rows,
)
from adapters.outbound.persistence.postgres.ordering.tables import (
    ORDERS_PKEY,
    PAYMENT_ATTEMPTS_ONE_SUCCESS,
    order_lines,
    order_status_changes,
    orders,
    payment_attempts,
)
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.ordering.ports import OrderFilter, OrderRepository
from application.shared.pagination import TimeCursor
from domain.ordering.order import Order
from domain.ordering.status import OrderStatus
from domain.ordering.values import OrderId
from domain.shared.errors import ConcurrentUpdateError, ConflictError

_EMPTY = literal_column("'[]'::jsonb", JSONB())


def _children(
    table: Table, order_by: ColumnElement[Any], **fields: ColumnElement[Any]
) -> ScalarSelect[Any]:
    """The order's rows of a child table as one JSON array, in ``order_by`` order."""
    pairs: list[Any] = []
    for name, column in fields.items():
        pairs += [literal_column(f"'{name}'"), column]
    aggregate = func.jsonb_agg(aggregate_order_by(func.jsonb_build_object(*pairs), order_by))
    return (
        select(func.coalesce(aggregate, _EMPTY, type_=JSONB()))
        .where(table.c.order_id == orders.c.id)
        .scalar_subquery()
    )


_l, _h, _p = order_lines.c, order_status_changes.c, payment_attempts.c

# One round trip per read, every child row read under the statement's one snapshot.
_ORDER = select(
    orders,
    _children(
        order_lines,
        _l.line_no,
        product_id=_l.product_id,
        sku=_l.sku,
        name=_l.name,
        unit_price_cents=_l.unit_price_cents,
        quantity=_l.quantity,
    ).label("lines"),
    _children(
        order_status_changes,
        _h.seq,
        from_status=_h.from_status,
        to_status=_h.to_status,
        at=_h.at,
        by_user_id=_h.by_user_id,
        reason=_h.reason,
    ).label("history"),
    _children(
        payment_attempts,
        _p.attempt_no,
        attempt_no=_p.attempt_no,
        payment_method_id=_p.payment_method_id,
        amount_cents=_p.amount_cents,
        outcome=_p.outcome,
        reference=_p.reference,
        failure_reason=_p.failure_reason,
        at=_p.at,
    ).label("payments"),
)

_NEWEST_FIRST = (orders.c.created_at.desc(), orders.c.id.desc())
_OLDEST_FIRST = (orders.c.created_at, orders.c.id)


class PostgresOrderRepository(OrderRepository):
    """Locking reads lock the ``orders`` rows first and read them whole in a second
    statement. Under READ COMMITTED a statement that waited for a row lock sees the
    row's newest version but, in its subqueries, the child rows of the snapshot it
    started with: one statement could pair a paid order with its payments from before.

    ``save`` inserts the history entries and payment attempts the stored order lacks;
    once the version check passed, the stored ones are a prefix of the order's (both are
    only ever appended to), so those already there are skipped.
    """

    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, order: Order) -> None:
        await self._tx.execute(
            insert(orders).values(**new_order_values(order)),
            on_constraint={ORDERS_PKEY: lambda: ConflictError(f"order {order.id} already exists")},
        )
        await self._tx.execute(insert(order_lines).values(line_rows(order)))
        await self._append_children(order)

    async def get(self, order_id: OrderId) -> Order | None:
        found = await self._read(_ORDER.where(orders.c.id == order_id))
        return found[0] if found else None

    async def get_for_update(self, order_id: OrderId) -> Order | None:
        locked = await self._tx.execute(
            select(orders.c.id).where(orders.c.id == order_id).with_for_update()
        )
        if locked.first() is None:
            return None
        return await self.get(order_id)

    async def save(self, order: Order) -> None:
        result = await self._tx.execute(
            update(orders)
            .where(orders.c.id == order.id, orders.c.version == order.version)
            .values(version=order.version + 1, **order_values(order))
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(f"order {order.id} changed since it was loaded")
        await self._append_children(order)
        order.version += 1

    async def claim_expired(self, placed_before: datetime, *, limit: int) -> list[Order]:
        locked = await self._tx.execute(
            select(orders.c.id)
            .where(
                orders.c.status == OrderStatus.PENDING_PAYMENT.value,
                orders.c.created_at < placed_before,
            )
            .order_by(*_OLDEST_FIRST)
            .limit(max(limit, 0))
            .with_for_update(skip_locked=True)
        )
        ids = list(locked.scalars())
        if not ids:
            return []
        return await self._read(_ORDER.where(orders.c.id.in_(ids)).order_by(*_OLDEST_FIRST))

    async def _read(self, query: Select[Any]) -> list[Order]:
        return [order_from_row(row) for row in await self._tx.execute(query)]

    async def _append_children(self, order: Order) -> None:
        await self._insert_new(order_status_changes, status_change_rows(order), ("order_id", "seq"))
        await self._insert_new(
            payment_attempts,
            payment_attempt_rows(order),
            ("order_id", "attempt_no"),
            on_constraint={
                PAYMENT_ATTEMPTS_ONE_SUCCESS: lambda: ConflictError(
                    f"order {order.id} already has a successful payment"
                )
            },
        )

    async def _insert_new(
        self,
        table: Table,
        rows: Sequence[dict[str, Any]],
        key: tuple[str, ...],
        *,
        on_constraint: Mapping[str, ErrorFactory] | None = None,
    ) -> None:
        if rows:
            await self._tx.execute(
                upsert(table).values(list(rows)).on_conflict_do_nothing(index_elements=key),
                on_constraint=on_constraint,
            )

    async def list(
        self, order_filter: OrderFilter, *, after: TimeCursor | None, limit: int
    ) -> list[Order]:
        query = _filtered(_ORDER, order_filter)
        if after is not None:
            query = query.where(
                tuple_(orders.c.created_at, orders.c.id) < tuple_(after.created_at, after.id)
            )
        return await self._read(query.order_by(*_NEWEST_FIRST).limit(max(limit, 0)))


def _filtered(query: Select[Any], order_filter: OrderFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if order_filter.customer_id is not None:
        conditions.append(orders.c.customer_id == order_filter.customer_id)
    if order_filter.status is not None:
        conditions.append(orders.c.status == order_filter.status.value)
    if order_filter.created_from is not None:
        conditions.append(orders.c.created_at >= order_filter.created_from)
    if order_filter.created_to is not None:
        conditions.append(orders.c.created_at < order_filter.created_to)
    return query.where(and_(*conditions)) if conditions else query
