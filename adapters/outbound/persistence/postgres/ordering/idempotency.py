"""Idempotency keys in PostgreSQL: each call is one short transaction of its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, delete, null, select, update
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound.persistence.postgres.ordering.tables import ordering_idempotency_keys
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.ordering.errors import IdempotencyKeyInFlightError, IdempotencyKeyReusedError
from application.ordering.ports import IDEMPOTENCY_KEY_TTL, Begun, IdempotencyStore, Replay
from domain.shared.errors import ConflictError

_keys = ordering_idempotency_keys.c

# begin retries when the key it could not insert is gone by the time it reads it (an
# abandon or a purge in between); each retry needs yet another such race to be lost.
_BEGIN_ATTEMPTS = 5


class PostgresIdempotencyStore(IdempotencyStore):
    """``begin`` inserts the key unless it exists (``ON CONFLICT DO NOTHING``, which waits
    for a concurrent insert of the same key to commit or roll back, so one caller wins),
    and otherwise reads it ``FOR UPDATE``: an expired key is overwritten in place under
    that lock, so of many callers with one expired key, exactly one begins anew.

    Expired keys are replaced when used again; ``purge_expired`` deletes the rest, for a
    periodic job to call.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def begin(
        self, user_id: UUID, key: str, request_fingerprint: str, now: datetime
    ) -> Begun | Replay:
        for _ in range(_BEGIN_ATTEMPTS):
            answer = await self._try_begin(user_id, key, request_fingerprint, now)
            if answer is not None:
                return answer
        raise ConflictError(f"idempotency key {key!r} keeps changing; try again")

    async def complete(self, user_id: UUID, key: str, status: int, body: dict[str, Any]) -> None:
        tx = PostgresTransaction(self._engine)
        await tx.begin()
        try:
            result = await tx.execute(
                update(ordering_idempotency_keys)
                .where(_keys.user_id == user_id, _keys.key == key, _keys.status.is_(None))
                .values(status=status, body=body)
            )
            if result.rowcount == 0:
                raise ConflictError(f"idempotency key {key!r} is not in flight")
            await tx.commit()
        finally:
            await tx.end()

    async def abandon(self, user_id: UUID, key: str) -> None:
        tx = PostgresTransaction(self._engine)
        await tx.begin()
        try:
            await tx.execute(
                delete(ordering_idempotency_keys).where(
                    _keys.user_id == user_id, _keys.key == key, _keys.status.is_(None)
                )
            )
            await tx.commit()
        finally:
            await tx.end()

    async def purge_expired(self, now: datetime) -> int:
        """Delete the keys first used IDEMPOTENCY_KEY_TTL or longer before ``now``, in flight
        or not (a request does not run for a day); how many went."""
        tx = PostgresTransaction(self._engine)
        await tx.begin()
        try:
            result = await tx.execute(
                delete(ordering_idempotency_keys).where(_keys.begun_at <= now - IDEMPOTENCY_KEY_TTL)
            )
            await tx.commit()
            return result.rowcount
        finally:
            await tx.end()

    async def _try_begin(
        self, user_id: UUID, key: str, request_fingerprint: str, now: datetime
    ) -> Begun | Replay | None:
        """The answer, or None when the key vanished between the insert and the read."""
        tx = PostgresTransaction(self._engine)
        await tx.begin()
        try:
            inserted = await tx.execute(
                upsert(ordering_idempotency_keys)
                .values(
                    user_id=user_id,
                    key=key,
                    request_fingerprint=request_fingerprint,
                    begun_at=now,
                )
                .on_conflict_do_nothing(index_elements=[_keys.user_id, _keys.key])
                .returning(_keys.key)
            )
            if inserted.first() is not None:
                await tx.commit()
                return Begun()
            stored = (
                await tx.execute(
                    select(_keys.request_fingerprint, _keys.begun_at, _keys.status, _keys.body)
                    .where(_keys.user_id == user_id, _keys.key == key)
                    .with_for_update()
                )
            ).first()
            if stored is None:
                return None
            if now - stored.begun_at >= IDEMPOTENCY_KEY_TTL:
                await tx.execute(
                    update(ordering_idempotency_keys)
                    .where(_keys.user_id == user_id, _keys.key == key)
                    .values(
                        request_fingerprint=request_fingerprint,
                        begun_at=now,
                        status=None,
                        # null(), not None: None would store a JSON null, not SQL NULL.
                        body=null(),
                    )
                )
                await tx.commit()
                return Begun()
            return _answer(stored, request_fingerprint)
        finally:
            await tx.end()


def _answer(stored: Row[Any], request_fingerprint: str) -> Replay:
    if stored.request_fingerprint != request_fingerprint:
        raise IdempotencyKeyReusedError()
    if stored.status is None:
        raise IdempotencyKeyInFlightError()
    return Replay(status=stored.status, body=stored.body)
