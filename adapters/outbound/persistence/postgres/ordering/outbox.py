"""The outbox in PostgreSQL: messages in the order they were added (a bigserial position)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID
from weakref import WeakKeyDictionary

from sqlalchemy import ARRAY, Uuid, any_, bindparam, insert, literal, select, update

from adapters.outbound.in_process.wake_up import RelayWakingOutbox, WakeUp
from adapters.outbound.persistence.postgres.ordering.mappers import (
    outbox_message_from_row,
    outbox_message_values,
)
from adapters.outbound.persistence.postgres.ordering.tables import OUTBOX_ID, ordering_outbox
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from adapters.outbound.persistence.postgres.statements import Query
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.ordering.ports import OutboxMessage, OutboxRepository
from domain.shared.errors import ConflictError

_outbox = ordering_outbox.c
_ADD = Query.of(
    insert(ordering_outbox).values(
        {name: bindparam(name) for name in ("id", "topic", "payload", "occurred_at")}
    )
)

# One per pool, so every unit of work on a database wakes the relay of that database.
_WAKE_UPS: WeakKeyDictionary[ConnectionPool, WakeUp] = WeakKeyDictionary()


def wake_up_of(pool: ConnectionPool) -> WakeUp:
    """The relay's wake-up call of the units of work on ``pool``."""
    return _WAKE_UPS.setdefault(pool, WakeUp())


class PostgresOutboxRepository(RelayWakingOutbox, OutboxRepository):
    """Positions are handed out when rows are inserted, not when they commit: a relay may
    claim a message while an earlier position still waits for its transaction to commit,
    and publish that one on its next run. Order holds per transaction, and between
    transactions that committed before the relay claimed.

    ``wake_up`` is shared by the units of work of one pool: the unit of work calls
    ``committed`` after a commit, which wakes the relay if messages were added."""

    def __init__(self, transaction: PostgresTransaction, *, wake_up: WakeUp | None = None) -> None:
        self._tx = transaction
        super().__init__(wake_up)

    async def add(self, message: OutboxMessage) -> None:
        await self._tx.run(
            _ADD,
            {OUTBOX_ID: lambda: ConflictError(f"outbox message {message.id} already exists")},
            **outbox_message_values(message),
        )
        self.message_added()

    async def claim_batch(self, limit: int) -> list[OutboxMessage]:
        result = await self._tx.execute(
            select(_outbox.id, _outbox.topic, _outbox.payload, _outbox.occurred_at)
            .where(_outbox.published_at.is_(None))
            .order_by(_outbox.position)
            .limit(max(limit, 0))
            .with_for_update(skip_locked=True)
        )
        return [outbox_message_from_row(row) for row in result]

    async def mark_published(self, message_ids: Collection[UUID], at: datetime) -> None:
        if not message_ids:
            return
        await self._tx.execute(
            update(ordering_outbox)
            .where(
                _outbox.id == any_(literal(list(message_ids), ARRAY(Uuid()))),
                _outbox.published_at.is_(None),
            )
            .values(published_at=at)
        )
