"""Refresh and one-time tokens in memory, looked up by digest like the PostgreSQL tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from adapters.outbound.persistence.memory.identity.store import (
    ONE_TIME_TOKENS,
    REFRESH_TOKENS,
    USERS,
)
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.identity.ports import OneTimeTokenRepository, RefreshTokenRepository
from domain.identity.errors import UserNotFoundError
from domain.identity.tokens import OneTimePurpose, OneTimeToken, RefreshToken, TokenFamilyId
from domain.identity.values import UserId
from domain.shared.errors import ConcurrentUpdateError, ConflictError


class InMemoryRefreshTokenRepository(RefreshTokenRepository):
    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def add(self, token: RefreshToken, *, user_version: int | None = None) -> None:
        user = self._tx.get(USERS, token.user_id)
        # Transactions on the store run one at a time: the user stays as checked until this
        # one ends.
        if user_version is not None and (user is None or user.version != user_version):
            raise ConcurrentUpdateError(f"user {token.user_id} changed since it was loaded")
        if user is None:
            raise UserNotFoundError(token.user_id)
        if self._tx.exists(REFRESH_TOKENS, token.id) or self._tx.count(
            REFRESH_TOKENS, lambda stored: stored.token_hash == token.token_hash
        ):
            raise ConflictError("this refresh token is already stored")
        self._tx.put(REFRESH_TOKENS, token.id, token)

    async def get_by_digest(self, digest: str) -> RefreshToken | None:
        found = self._tx.select(REFRESH_TOKENS, lambda stored: stored.token_hash == digest, limit=1)
        return found[0] if found else None

    async def save(self, token: RefreshToken) -> None:
        stored = self._tx.get(REFRESH_TOKENS, token.id)
        if stored is None:
            raise ConcurrentUpdateError(f"refresh token {token.id} is no longer stored")
        stored.rotated_at = token.rotated_at
        stored.revoked_at = token.revoked_at
        self._tx.put(REFRESH_TOKENS, stored.id, stored)

    async def revoke_family(self, family_id: TokenFamilyId, *, now: datetime) -> int:
        return self._revoke_where(lambda token: token.family_id == family_id, now=now)

    async def revoke_all_for_user(
        self, user_id: UserId, *, now: datetime, keep_family: TokenFamilyId | None = None
    ) -> int:
        return self._revoke_where(
            lambda token: token.user_id == user_id and token.family_id != keep_family, now=now
        )

    def _revoke_where(self, condition: Callable[[RefreshToken], bool], *, now: datetime) -> int:
        live = self._tx.select(
            REFRESH_TOKENS, lambda token: token.revoked_at is None and condition(token)
        )
        for token in live:
            token.revoke(now=now)
            self._tx.put(REFRESH_TOKENS, token.id, token)
        return len(live)


class InMemoryOneTimeTokenRepository(OneTimeTokenRepository):
    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def add(self, token: OneTimeToken) -> None:
        if not self._tx.exists(USERS, token.user_id):
            raise UserNotFoundError(token.user_id)
        if self._tx.exists(ONE_TIME_TOKENS, token.id) or self._tx.count(
            ONE_TIME_TOKENS, lambda stored: stored.token_hash == token.token_hash
        ):
            raise ConflictError("this one-time token is already stored")
        self._tx.put(ONE_TIME_TOKENS, token.id, token)

    async def get_by_digest(self, digest: str, purpose: OneTimePurpose) -> OneTimeToken | None:
        found = self._tx.select(
            ONE_TIME_TOKENS,
            lambda stored: stored.token_hash == digest and stored.purpose == purpose,
            limit=1,
        )
        return found[0] if found else None

    async def save(self, token: OneTimeToken) -> None:
        stored = self._tx.get(ONE_TIME_TOKENS, token.id)
        if stored is None:
            raise ConcurrentUpdateError(f"one-time token {token.id} is no longer stored")
        stored.used_at = token.used_at
        self._tx.put(ONE_TIME_TOKENS, stored.id, stored)

    async def use_all(self, user_id: UserId, purpose: OneTimePurpose, *, now: datetime) -> None:
        unused = self._tx.select(
            ONE_TIME_TOKENS,
            lambda token: (
                token.user_id == user_id and token.purpose == purpose and token.used_at is None
            ),
        )
        for token in unused:
            token.use(now=now)
            self._tx.put(ONE_TIME_TOKENS, token.id, token)
