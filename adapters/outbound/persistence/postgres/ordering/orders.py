"""Orders in PostgreSQL: a row of ``orders`` with its lines, history and payment attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    ScalarSelect,
    Select,
    Table,
    Uuid,
    and_,
    any_,
    bindparam,
    func,
    literal,
    literal_column,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by

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
from adapters.outbound.persistence.postgres.statements import Query
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

# The child rows as arrays, one statement whatever their number (and compiled once): the
# order's row and every child row it lacks in one round trip. Foreign keys are checked
# at the end of the statement, when the order's row is there.
_HISTORY_ARRAYS = """
    unnest(
        CAST(:h_seq AS smallint[]), CAST(:h_from AS text[]), CAST(:h_to AS text[]),
        CAST(:h_at AS timestamptz[]), CAST(:h_by AS uuid[]), CAST(:h_reason AS text[])
    ) AS h(seq, from_status, to_status, at, by_user_id, reason)
"""
_PAYMENT_ARRAYS = """
    unnest(
        CAST(:p_no AS smallint[]), CAST(:p_method AS uuid[]), CAST(:p_amount AS bigint[]),
        CAST(:p_outcome AS text[]), CAST(:p_reference AS text[]),
        CAST(:p_failure AS text[]), CAST(:p_at AS timestamptz[])
    ) AS p(attempt_no, payment_method_id, amount_cents, outcome, reference, failure_reason, at)
"""
_INSERT_CHILDREN = f"""
    new_history AS (
        INSERT INTO order_status_changes
            (order_id, seq, from_status, to_status, at, by_user_id, reason)
        SELECT written.id, h.* FROM written, {_HISTORY_ARRAYS}
        ON CONFLICT (order_id, seq) DO NOTHING
    ),
    new_payments AS (
        INSERT INTO payment_attempts (order_id, attempt_no, payment_method_id, amount_cents,
            outcome, reference, failure_reason, at)
        SELECT written.id, p.* FROM written, {_PAYMENT_ARRAYS}
        ON CONFLICT (order_id, attempt_no) DO NOTHING
    )
    SELECT id FROM written
"""  # noqa: S608 - fragments are constants; values are parameters
_ADD = Query.of(
    text(
        f"""
        WITH written AS (
            INSERT INTO orders (id, customer_id, status, currency, total_cents,
                refund_amount_cents, refund_reference, refunded_at, created_at, updated_at,
                version)
            VALUES (CAST(:id AS uuid), CAST(:customer_id AS uuid), :status, :currency,
                :total_cents, :refund_amount_cents, :refund_reference, :refunded_at,
                :created_at, :updated_at, :version)
            RETURNING id
        ),
        new_lines AS (
            INSERT INTO order_lines
                (order_id, line_no, product_id, sku, name, unit_price_cents, quantity)
            SELECT written.id, l.* FROM written, unnest(
                CAST(:l_no AS smallint[]), CAST(:l_product AS uuid[]), CAST(:l_sku AS text[]),
                CAST(:l_name AS text[]), CAST(:l_price AS bigint[]), CAST(:l_quantity AS integer[])
            ) AS l
        ),
        {_INSERT_CHILDREN}
        """  # noqa: S608 - fragments are constants; values are parameters
    )
)
_SAVE = Query.of(
    text(
        f"""
        WITH written AS (
            UPDATE orders
            SET status = :status, refund_amount_cents = :refund_amount_cents,
                refund_reference = :refund_reference, refunded_at = :refunded_at,
                updated_at = :updated_at, version = CAST(:version AS integer) + 1
            WHERE id = CAST(:id AS uuid) AND version = :version
            RETURNING id
        ),
        {_INSERT_CHILDREN}
        """  # noqa: S608 - fragments are constants; values are parameters
    )
)

# Checkout reads and locks one order by id on every payment: compiled once.
_GET = Query.of(_ORDER.where(orders.c.id == bindparam("order_id")))
_LOCK = Query.of(
    select(orders.c.version).where(orders.c.id == bindparam("order_id")).with_for_update()
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
        lines = line_rows(order)
        await self._tx.run(
            _ADD,
            {
                ORDERS_PKEY: lambda: ConflictError(f"order {order.id} already exists"),
                **self._payment_conflicts(order),
            },
            **new_order_values(order),
            l_no=[line["line_no"] for line in lines],
            l_product=[line["product_id"] for line in lines],
            l_sku=[line["sku"] for line in lines],
            l_name=[line["name"] for line in lines],
            l_price=[line["unit_price_cents"] for line in lines],
            l_quantity=[line["quantity"] for line in lines],
            **_child_arrays(order),
        )

    async def get(self, order_id: OrderId) -> Order | None:
        row = (await self._tx.run(_GET, order_id=order_id)).first()
        return None if row is None else order_from_row(row)

    async def get_for_update(self, order_id: OrderId) -> Order | None:
        locked = await self._tx.run(_LOCK, order_id=order_id)
        if locked.first() is None:
            return None
        return await self.get(order_id)

    async def lock(self, order_id: OrderId) -> int | None:
        locked = (await self._tx.run(_LOCK, order_id=order_id)).first()
        return None if locked is None else int(locked.version)

    async def save(self, order: Order) -> None:
        result = await self._tx.run(
            _SAVE,
            self._payment_conflicts(order),
            id=order.id,
            version=order.version,
            **order_values(order),
            **_child_arrays(order),
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(f"order {order.id} changed since it was loaded")
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
        return await self._read(
            _ORDER.where(orders.c.id == any_(literal(ids, ARRAY(Uuid())))).order_by(*_OLDEST_FIRST)
        )

    async def _read(self, query: Select[Any]) -> list[Order]:
        return [order_from_row(row) for row in await self._tx.execute(query)]

    @staticmethod
    def _payment_conflicts(order: Order) -> dict[str, ErrorFactory]:
        return {
            PAYMENT_ATTEMPTS_ONE_SUCCESS: lambda: ConflictError(
                f"order {order.id} already has a successful payment"
            )
        }

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


def _child_arrays(order: Order) -> dict[str, list[Any]]:
    """The history and payment attempts as the column arrays _ADD and _SAVE take."""
    history = status_change_rows(order)
    payments = payment_attempt_rows(order)
    return {
        "h_seq": [row["seq"] for row in history],
        "h_from": [row["from_status"] for row in history],
        "h_to": [row["to_status"] for row in history],
        "h_at": [row["at"] for row in history],
        "h_by": [row["by_user_id"] for row in history],
        "h_reason": [row["reason"] for row in history],
        "p_no": [row["attempt_no"] for row in payments],
        "p_method": [row["payment_method_id"] for row in payments],
        "p_amount": [row["amount_cents"] for row in payments],
        "p_outcome": [row["outcome"] for row in payments],
        "p_reference": [row["reference"] for row in payments],
        "p_failure": [row["failure_reason"] for row in payments],
        "p_at": [row["at"] for row in payments],
    }
