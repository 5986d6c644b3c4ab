"""Identity's unit of work: one pooled connection and transaction per ``async with``."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.outbound.persistence.postgres.identity.tokens import (
    PostgresOneTimeTokenRepository,
    PostgresRefreshTokenRepository,
)
from adapters.outbound.persistence.postgres.identity.user_views import PostgresUserViews
from adapters.outbound.persistence.postgres.identity.users import PostgresUserRepository
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.identity.ports import IdentityUnitOfWork


class PostgresIdentityUnitOfWork(IdentityUnitOfWork):
    def __init__(self, pool: ConnectionPool, *, autocommit: bool = False) -> None:
        self._tx = PostgresTransaction(pool, autocommit=autocommit)
        self.users = PostgresUserRepository(self._tx)
        self.user_views = PostgresUserViews(self._tx)
        self.refresh_tokens = PostgresRefreshTokenRepository(self._tx)
        self.one_time_tokens = PostgresOneTimeTokenRepository(self._tx)

    async def __aenter__(self) -> Self:
        await self._tx.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._tx.end()

    async def commit(self) -> None:
        await self._tx.commit()
