"""Idempotency keys in PostgreSQL: each call is one short transaction of its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, delete, null, select, update
from sqlalchemy.dialects.postgresql import insert as upsert

from adapters.outbound.persistence.postgres.ordering.tables import ordering_idempotency_keys
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from adapters.outbound.persistence.postgres.statements import Query, Result, Row
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.ordering.errors import IdempotencyKeyInFlightError, IdempotencyKeyReusedError
from application.ordering.ports import IDEMPOTENCY_KEY_TTL, Begun, IdempotencyStore, Replay
from domain.shared.errors import ConflictError

_keys = ordering_idempotency_keys.c

# begin retries when the key it could not insert is gone by the time it reads it (an
# abandon or a purge in between); each retry needs yet another such race to be lost.
_BEGIN_ATTEMPTS = 5

_INSERT = Query.of(
    upsert(ordering_idempotency_keys)
    .values(
        user_id=bindparam("user_id"),
        key=bindparam("key"),
        request_fingerprint=bindparam("request_fingerprint"),
        begun_at=bindparam("now"),
    )
    .on_conflict_do_nothing(index_elements=[_keys.user_id, _keys.key])
    .returning(_keys.key)
)
_IN_FLIGHT = (
    (_keys.user_id == bindparam("user_id"))
    & (_keys.key == bindparam("key"))
    & _keys.status.is_(None)
)
_COMPLETE = Query.of(
    update(ordering_idempotency_keys)
    .where(_IN_FLIGHT)
    .values(status=bindparam("status"), body=bindparam("body"))
)
_ABANDON = Query.of(delete(ordering_idempotency_keys).where(_IN_FLIGHT))


class PostgresIdempotencyStore(IdempotencyStore):
    """``begin`` inserts the key unless it exists (``ON CONFLICT DO NOTHING``, which waits
    for a concurrent insert of the same key to commit or roll back, so one caller wins),
    and otherwise reads it ``FOR UPDATE``: an expired key is overwritten in place under
    that lock, so of many callers with one expired key, exactly one begins anew.

    Expired keys are replaced when used again; ``purge_expired`` deletes the rest, for a
    periodic job to call.
    """

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool

    async def begin(
        self, user_id: UUID, key: str, request_fingerprint: str, now: datetime
    ) -> Begun | Replay:
        # A new key (the usual case) is one statement; a used one needs the locked read.
        inserted = await self._one_statement(
            _INSERT, user_id=user_id, key=key, request_fingerprint=request_fingerprint, now=now
        )
        if inserted.first() is not None:
            return Begun()
        for _ in range(_BEGIN_ATTEMPTS):
            answer = await self._try_begin(user_id, key, request_fingerprint, now)
            if answer is not None:
                return answer
        raise ConflictError(f"idempotency key {key!r} keeps changing; try again")

    async def complete(self, user_id: UUID, key: str, status: int, body: dict[str, Any]) -> None:
        result = await self._one_statement(
            _COMPLETE, user_id=user_id, key=key, status=status, body=body
        )
        if result.rowcount == 0:
            raise ConflictError(f"idempotency key {key!r} is not in flight")

    async def abandon(self, user_id: UUID, key: str) -> None:
        await self._one_statement(_ABANDON, user_id=user_id, key=key)

    async def _one_statement(self, query: Query, **values: Any) -> Result:
        """Run one statement on its own: it is atomic without a transaction block, which
        saves the BEGIN and COMMIT round trips (the unit runs statements in autocommit)."""
        tx = PostgresTransaction(self._pool, autocommit=True)
        await tx.begin()
        try:
            return await tx.run(query, **values)
        finally:
            await tx.end()

    async def purge_expired(self, now: datetime) -> int:
        """Delete the keys first used IDEMPOTENCY_KEY_TTL or longer before ``now``, in flight
        or not (a request does not run for a day); how many went."""
        tx = PostgresTransaction(self._pool)
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
        tx = PostgresTransaction(self._pool)
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


def _answer(stored: Row, request_fingerprint: str) -> Replay:
    if stored.request_fingerprint != request_fingerprint:
        raise IdempotencyKeyReusedError()
    if stored.status is None:
        raise IdempotencyKeyInFlightError()
    return Replay(status=stored.status, body=stored.body)
