"""Idempotency keys in memory: each call is one short transaction on ordering's store."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from adapters.outbound.persistence.memory.ordering.store import (
    IDEMPOTENCY_KEYS,
    IdempotencyRecord,
    InMemoryOrderingStore,
)
from application.ordering.errors import IdempotencyKeyInFlightError, IdempotencyKeyReusedError
from application.ordering.ports import IDEMPOTENCY_KEY_TTL, Begun, IdempotencyStore, Replay
from domain.shared.errors import ConflictError


class InMemoryIdempotencyStore(IdempotencyStore):
    """Expired keys are replaced when used again, not swept (PostgreSQL deletes them in a
    periodic job; here they live as long as the process)."""

    def __init__(self, store: InMemoryOrderingStore) -> None:
        self._store = store

    async def begin(
        self, user_id: UUID, key: str, request_fingerprint: str, now: datetime
    ) -> Begun | Replay:
        tx = self._store.transaction()
        await tx.begin()
        try:
            record = tx.get(IDEMPOTENCY_KEYS, (user_id, key))
            if record is None or now - record.begun_at >= IDEMPOTENCY_KEY_TTL:
                tx.put(
                    IDEMPOTENCY_KEYS,
                    (user_id, key),
                    IdempotencyRecord(fingerprint=request_fingerprint, begun_at=now),
                )
                tx.commit()
                return Begun()
            if record.fingerprint != request_fingerprint:
                raise IdempotencyKeyReusedError()
            if record.status is None or record.body is None:
                raise IdempotencyKeyInFlightError()
            return Replay(status=record.status, body=record.body)
        finally:
            tx.end()

    async def complete(self, user_id: UUID, key: str, status: int, body: dict[str, Any]) -> None:
        tx = self._store.transaction()
        await tx.begin()
        try:
            record = tx.get(IDEMPOTENCY_KEYS, (user_id, key))
            if record is None or record.status is not None:
                raise ConflictError(f"idempotency key {key!r} is not in flight")
            tx.put(
                IDEMPOTENCY_KEYS,
                (user_id, key),
                IdempotencyRecord(
                    fingerprint=record.fingerprint,
                    begun_at=record.begun_at,
                    status=status,
                    body=body,
                ),
            )
            tx.commit()
        finally:
            tx.end()

    async def abandon(self, user_id: UUID, key: str) -> None:
        tx = self._store.transaction()
        await tx.begin()
        try:
            record = tx.get(IDEMPOTENCY_KEYS, (user_id, key))
            if record is not None and record.status is None:
                tx.delete(IDEMPOTENCY_KEYS, (user_id, key))
                tx.commit()
        finally:
            tx.end()
