"""SQLAlchemy Core statements turned into SQL once and run by asyncpg.

Repositories build statements with Core as usual. ``compiled`` turns one into asyncpg's
SQL text and positional arguments, compiling each *shape* of statement once: the shape is
SQLAlchemy's own cache key, which ignores the literal values a statement carries, so
``users.c.id == a`` and ``users.c.id == b`` share one compiled form. asyncpg then prepares
and caches that text per connection. Values pass through unconverted: the tables use types
asyncpg encodes natively (uuid, text, integers, booleans, timestamps, arrays) and the pool
gives JSON columns a codec.

On the hottest paths even building and keying a statement shows up in the profile;
``Query`` is a statement compiled at import time with named ``bindparam``s, run with
``PostgresTransaction.run``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

import asyncpg
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase

_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]  # $n parameters, asyncpg's casts
_CACHE_CAPACITY = 1000


class Row(asyncpg.Record):  # type: ignore[misc]
    """A result row read by column name as an attribute (``row.email``) or by key."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Result:
    """The rows of one statement, with the part of SQLAlchemy's result API repositories use."""

    def __init__(self, rows: list[Row], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def all(self) -> list[Row]:
        return self._rows

    def first(self) -> Row | None:
        return self._rows[0] if self._rows else None

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        if len(self._rows) != 1:
            raise LookupError(f"expected one row, got {len(self._rows)}")
        return self._rows[0][0]

    def scalars(self) -> list[Any]:
        return [row[0] for row in self._rows]


@dataclass(frozen=True, slots=True)
class Compiled:
    """One statement shape: its SQL text, where each parameter goes, whether it has rows."""

    sql: str
    names: tuple[str, ...]
    returns_rows: bool


@dataclass(frozen=True, slots=True)
class Query:
    """A statement compiled once, at import; ``args`` orders named values for asyncpg."""

    compiled: Compiled
    defaults: Mapping[str, Any]

    @classmethod
    def of(cls, statement: ClauseElement) -> Query:
        compiler = _compile(statement)
        return cls(_shape(statement, compiler), dict(compiler.params))

    def args(self, values: Mapping[str, Any]) -> list[Any]:
        return [
            values[name] if name in values else self.defaults[name] for name in self.compiled.names
        ]


_cache: dict[Any, tuple[Compiled, SQLCompiler]] = {}


def compiled(statement: ClauseElement) -> tuple[Compiled, list[Any]]:
    """The statement's compiled shape and its arguments in parameter order."""
    key = statement._generate_cache_key()  # the key SQLAlchemy's own statement cache uses
    if key is None:  # a construct SQLAlchemy cannot cache: compile it every time
        compiler = _compile(statement)
        return _shape(statement, compiler), [compiler.params[n] for n in compiler.positiontup or ()]
    entry = _cache.get(key.key)
    if entry is None:
        compiler = _compile(statement, cache_key=key)
        if compiler.post_compile_params:
            # IN lists expand per call into a new text; ``= ANY(array)`` keeps one shape.
            raise TypeError("use column == any_(values) rather than column.in_(values)")
        if len(_cache) >= _CACHE_CAPACITY:
            _cache.pop(next(iter(_cache)))
        entry = _cache[key.key] = (_shape(statement, compiler), compiler)
    shape, compiler = entry
    params = compiler.construct_params(extracted_parameters=key.bindparams)
    return shape, [params[name] for name in shape.names]


def _compile(statement: ClauseElement, **options: Any) -> SQLCompiler:
    return cast(SQLCompiler, statement.compile(dialect=_DIALECT, **options))


def _shape(statement: ClauseElement, compiler: SQLCompiler) -> Compiled:
    returns_rows = not isinstance(statement, UpdateBase) or bool(
        statement.returning_column_descriptions
    )
    return Compiled(compiler.string, tuple(compiler.positiontup or ()), returns_rows)
