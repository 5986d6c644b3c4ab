"""Readiness of PostgreSQL: one round trip, bounded in time."""

from __future__ import annotations

import asyncio

import asyncpg

from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.shared.errors import DependencyUnavailableError
from application.shared.ports import ReadinessProbe

_TIMEOUT_SECONDS = 2.0


class PostgresReadinessProbe(ReadinessProbe):
    def __init__(self, *, pool: ConnectionPool) -> None:
        self._pool = pool

    async def check(self) -> None:
        try:
            async with asyncio.timeout(_TIMEOUT_SECONDS):
                connection = await self._pool.acquire()
                try:
                    await connection.fetchval("SELECT 1")
                finally:
                    await self._pool.release(connection)
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            raise DependencyUnavailableError("database") from None
