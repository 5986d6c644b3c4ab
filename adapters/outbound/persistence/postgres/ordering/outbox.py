"""The outbox in PostgreSQL: messages in the order they were added (a bigserial position)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, select, update

from adapters.outbound.persistence.postgres.ordering.mappers import (
    outbox_message_from_row,
    outbox_message_values,
)
from adapters.outbound.persistence.postgres.ordering.tables import OUTBOX_ID, ordering_outbox
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.ordering.ports import OutboxMessage, OutboxRepository
from domain.shared.errors import ConflictError

_outbox = ordering_outbox.c


class PostgresOutboxRepository(OutboxRepository):
    """Positions are handed out when rows are inserted, not when they commit: a relay may
    claim a message while an earlier position still waits for its transaction to commit,
    and publish that one on its next run. Order holds per transaction, and between
    transactions that committed before the relay claimed."""

    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, message: OutboxMessage) -> None:
        await self._tx.execute(
            insert(ordering_outbox).values(**outbox_message_values(message)),
            on_constraint={
                OUTBOX_ID: lambda: ConflictError(f"outbox message {message.id} already exists")
            },
        )

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
            .where(_outbox.id.in_(list(message_ids)), _outbox.published_at.is_(None))
            .values(published_at=at)
        )
