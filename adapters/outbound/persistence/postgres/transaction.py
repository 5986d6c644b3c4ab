"""The connection and transaction behind one PostgreSQL unit of work."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.outbound.persistence.postgres.errors import ErrorFactory, translated_errors


class PostgresTransaction:
    """One pooled connection and its transaction, for one unit of work at a time.

    Every statement goes through ``execute``, so no driver exception leaves the adapter
    untranslated. Using it outside ``begin``/``end`` raises RuntimeError: that is a unit of
    work used outside its ``async with`` block.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    async def begin(self) -> None:
        if self._connection is not None:
            raise RuntimeError("this unit of work is already in a transaction")
        with translated_errors():
            connection = await self._engine.connect()
            try:
                await connection.begin()
            except BaseException:
                await connection.close()
                raise
        self._connection = connection

    async def commit(self) -> None:
        with translated_errors():
            await self._open().commit()

    async def end(self) -> None:
        """Roll back whatever was not committed and give the connection back to the pool."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        with translated_errors():
            try:
                if connection.in_transaction() and not connection.invalidated:
                    await connection.rollback()
            finally:
                await connection.close()

    async def execute(
        self, statement: Executable, *, on_constraint: Mapping[str, ErrorFactory] | None = None
    ) -> CursorResult[Any]:
        with translated_errors(on_constraint=on_constraint):
            return await self._open().execute(statement)

    def _open(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("unit of work used outside its `async with` block")
        return self._connection
