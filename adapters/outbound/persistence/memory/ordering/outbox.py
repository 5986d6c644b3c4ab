"""The outbox in memory: messages in the order they were added, published or not."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from adapters.outbound.in_process.wake_up import RelayWakingOutbox, WakeUp
from adapters.outbound.persistence.memory.ordering.store import OUTBOX, SEQUENCES, OutboxRecord
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.ordering.ports import OutboxMessage, OutboxRepository
from domain.shared.errors import ConflictError

_POSITION = "outbox_position"


class InMemoryOutboxRepository(RelayWakingOutbox, OutboxRepository):
    """Transactions on the store run one at a time, so a second relay's ``claim_batch``
    waits for the first to end rather than skipping what it holds; either way no message
    is held by two relays at once."""

    def __init__(self, transaction: StoreTransaction, *, wake_up: WakeUp | None = None) -> None:
        self._tx = transaction
        super().__init__(wake_up)

    async def add(self, message: OutboxMessage) -> None:
        if self._tx.exists(OUTBOX, message.id):
            raise ConflictError(f"outbox message {message.id} already exists")
        position = (self._tx.get(SEQUENCES, _POSITION) or 0) + 1
        self._tx.put(SEQUENCES, _POSITION, position)
        self._tx.put(OUTBOX, message.id, OutboxRecord(message=message, position=position))
        self.message_added()

    async def claim_batch(self, limit: int) -> list[OutboxMessage]:
        records = self._tx.select(
            OUTBOX,
            lambda record: record.published_at is None,
            order_by=lambda record: record.position,
            limit=limit,
        )
        return [record.message for record in records]

    async def mark_published(self, message_ids: Collection[UUID], at: datetime) -> None:
        for message_id in message_ids:
            record = self._tx.get(OUTBOX, message_id)
            if record is not None and record.published_at is None:
                self._tx.put(OUTBOX, message_id, replace(record, published_at=at))
