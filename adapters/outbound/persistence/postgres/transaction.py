"""The connection and transaction behind one PostgreSQL unit of work."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from contextlib import suppress
from typing import Any

import asyncpg
from asyncpg.exceptions import InternalClientError
from sqlalchemy.sql import ClauseElement

from adapters.outbound.persistence.postgres.errors import ErrorFactory, translated_errors
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from adapters.outbound.persistence.postgres.statements import (
    Compiled,
    Query,
    Result,
    Row,
    compiled,
)
from application.shared.errors import DependencyUnavailableError


class PostgresTransaction:
    """One pooled connection and its transaction, for one unit of work at a time.

    The connection is taken from the pool at the first statement, not at ``begin``, and
    BEGIN is sent before it (and before the first statement after a commit); a unit of
    work that fails before touching the database never holds one. With ``autocommit`` no
    transaction is opened at all and each statement commits (or reads its own snapshot) on
    its own, which saves the BEGIN and ROLLBACK/COMMIT round trips: for queries that read
    in one statement or need no snapshot across statements, and for single-statement
    writes (the container and the adapters choose it only for those).

    Every statement goes through ``execute`` or ``run``, so no driver exception leaves
    the adapter untranslated. Using it outside ``begin``/``end`` raises RuntimeError: that
    is a unit of work used outside its ``async with`` block.
    """

    def __init__(self, pool: ConnectionPool, *, autocommit: bool = False) -> None:
        self._pool = pool
        self._autocommit = autocommit
        self._active = False
        self._connection: Any = None
        self._lost = False  # the connection failed mid-unit: close it, never reuse it

    async def begin(self) -> None:
        if self._active:
            raise RuntimeError("this unit of work is already in a transaction")
        self._active = True

    async def commit(self) -> None:
        self._check_active()
        if self._connection is not None and self._connection.is_in_transaction():
            with translated_errors():
                await self._connection.execute("COMMIT")

    async def end(self) -> None:
        """Roll back whatever was not committed and give the connection back to the pool."""
        connection, self._connection = self._connection, None
        lost, self._lost = self._lost, False
        self._active = False
        if connection is None:
            return
        try:
            if lost:
                # The pool may have taken a connection back already when it saw it close.
                with suppress(asyncpg.InterfaceError):
                    connection.terminate()
            elif connection.is_in_transaction():
                with translated_errors():
                    await connection.execute("ROLLBACK")
        finally:
            await self._pool.release(connection)

    async def execute(
        self,
        statement: ClauseElement,
        *,
        on_constraint: Mapping[str, ErrorFactory] | None = None,
    ) -> Result:
        shape, args = compiled(statement)
        return await self._send(shape, args, on_constraint)

    async def run(
        self,
        query: Query,
        on_constraint: Mapping[str, ErrorFactory] | None = None,
        **values: Any,
    ) -> Result:
        return await self._send(query.compiled, query.args(values), on_constraint)

    async def _send(
        self,
        shape: Compiled,
        args: list[Any],
        on_constraint: Mapping[str, ErrorFactory] | None,
    ) -> Result:
        connection = self._connection or await self._connect()
        try:
            with translated_errors(on_constraint=on_constraint):
                if not self._autocommit and not connection.is_in_transaction():
                    await connection.execute("BEGIN")  # also the next one after a commit
                if shape.returns_rows:
                    rows = await connection.fetch(shape.sql, *args, record_class=Row)
                    return Result(rows, len(rows))
                status: str = await connection.execute(shape.sql, *args)
        except DependencyUnavailableError:
            self._lost = True
            raise
        except InternalClientError:
            # A statement sent as the server ends the session finds the protocol still
            # mid-operation; once the loss is processed the connection shows as closed.
            await asyncio.sleep(0)
            if not _closed(connection):
                raise
            self._lost = True
            raise DependencyUnavailableError("database") from None
        # The command tag ends with the row count: "UPDATE 3", "INSERT 0 1".
        return Result([], int(status.rsplit(" ", 1)[-1]))

    async def _connect(self) -> Any:
        self._check_active()
        with translated_errors():
            self._connection = await self._pool.acquire()
        return self._connection

    def _check_active(self) -> None:
        if not self._active:
            raise RuntimeError("unit of work used outside its `async with` block")


def _closed(connection: Any) -> bool:
    try:
        return bool(connection.is_closed())
    except asyncpg.InterfaceError:  # the pool took it back when it saw it close
        return True
