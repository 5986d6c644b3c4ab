"""Readiness of PostgreSQL: one round trip, bounded in time."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from application.shared.errors import DependencyUnavailableError
from application.shared.ports import ReadinessProbe

_TIMEOUT_SECONDS = 2.0


class PostgresReadinessProbe(ReadinessProbe):
    def __init__(self, *, engine: AsyncEngine) -> None:
        self._engine = engine

    async def check(self) -> None:
        try:
            async with asyncio.timeout(_TIMEOUT_SECONDS), self._engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (TimeoutError, OSError, DBAPIError, SQLAlchemyError):
            raise DependencyUnavailableError("database") from None
