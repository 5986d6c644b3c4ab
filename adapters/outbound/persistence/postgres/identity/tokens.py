"""Refresh and one-time tokens in PostgreSQL, found by digest and locked while in use."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, exists, insert, select, update

from adapters.outbound.persistence.postgres.identity.mappers import (
    one_time_token_from_row,
    one_time_token_values,
    refresh_token_from_row,
    refresh_token_values,
)
from adapters.outbound.persistence.postgres.identity.tables import (
    ONE_TIME_TOKENS_USER,
    REFRESH_TOKENS_USER,
    one_time_tokens,
    refresh_tokens,
    users,
)
from adapters.outbound.persistence.postgres.statements import Query
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.identity.ports import OneTimeTokenRepository, RefreshTokenRepository
from domain.identity.errors import UserNotFoundError
from domain.identity.tokens import OneTimePurpose, OneTimeToken, RefreshToken, TokenFamilyId
from domain.identity.values import UserId
from domain.shared.errors import ConcurrentUpdateError

# Every login's one write: the token goes in only while the user is at the version the
# login checked, in one statement. FOR SHARE makes a concurrent change of the user (lock,
# suspension, new password) wait for this transaction, so its revocation sees the token;
# a change that came first fails the version check once it commits.
_ADD_FOR_USER_VERSION = Query.of(
    insert(refresh_tokens).from_select(
        [column.name for column in refresh_tokens.columns],
        select(
            *[bindparam(column.name, type_=column.type) for column in refresh_tokens.columns]
        ).where(
            exists(
                select(users.c.id)
                .where(
                    users.c.id == bindparam("user_id"),
                    users.c.version == bindparam("user_version"),
                )
                .with_for_update(read=True)
            )
        ),
    )
)


class PostgresRefreshTokenRepository(RefreshTokenRepository):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, token: RefreshToken, *, user_version: int | None = None) -> None:
        on_constraint = {REFRESH_TOKENS_USER: lambda: UserNotFoundError(token.user_id)}
        if user_version is None:
            await self._tx.execute(
                insert(refresh_tokens).values(**refresh_token_values(token)),
                on_constraint=on_constraint,
            )
            return
        result = await self._tx.run(
            _ADD_FOR_USER_VERSION,
            on_constraint,
            user_version=user_version,
            **refresh_token_values(token),
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(f"user {token.user_id} changed since it was loaded")

    async def get_by_digest(self, digest: str) -> RefreshToken | None:
        result = await self._tx.execute(
            select(refresh_tokens).where(refresh_tokens.c.token_hash == digest).with_for_update()
        )
        row = result.first()
        return None if row is None else refresh_token_from_row(row)

    async def save(self, token: RefreshToken) -> None:
        result = await self._tx.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.id == token.id)
            .values(rotated_at=token.rotated_at, revoked_at=token.revoked_at)
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(f"refresh token {token.id} is no longer stored")

    async def revoke_family(self, family_id: TokenFamilyId, *, now: datetime) -> int:
        result = await self._tx.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return result.rowcount

    async def revoke_all_for_user(
        self, user_id: UserId, *, now: datetime, keep_family: TokenFamilyId | None = None
    ) -> int:
        statement = update(refresh_tokens).where(
            refresh_tokens.c.user_id == user_id, refresh_tokens.c.revoked_at.is_(None)
        )
        if keep_family is not None:
            statement = statement.where(refresh_tokens.c.family_id != keep_family)
        result = await self._tx.execute(statement.values(revoked_at=now))
        return result.rowcount


class PostgresOneTimeTokenRepository(OneTimeTokenRepository):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, token: OneTimeToken) -> None:
        await self._tx.execute(
            insert(one_time_tokens).values(**one_time_token_values(token)),
            on_constraint={ONE_TIME_TOKENS_USER: lambda: UserNotFoundError(token.user_id)},
        )

    async def get_by_digest(self, digest: str, purpose: OneTimePurpose) -> OneTimeToken | None:
        result = await self._tx.execute(
            select(one_time_tokens)
            .where(
                one_time_tokens.c.token_hash == digest,
                one_time_tokens.c.purpose == purpose.value,
            )
            .with_for_update()
        )
        row = result.first()
        return None if row is None else one_time_token_from_row(row)

    async def save(self, token: OneTimeToken) -> None:
        result = await self._tx.execute(
            update(one_time_tokens)
            .where(one_time_tokens.c.id == token.id)
            .values(used_at=token.used_at)
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(f"one-time token {token.id} is no longer stored")

    async def use_all(self, user_id: UserId, purpose: OneTimePurpose, *, now: datetime) -> None:
        await self._tx.execute(
            update(one_time_tokens)
            .where(
                one_time_tokens.c.user_id == user_id,
                one_time_tokens.c.purpose == purpose.value,
                one_time_tokens.c.used_at.is_(None),
            )
            .values(used_at=now)
        )
