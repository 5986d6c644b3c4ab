"""Translation of driver failures into the errors the ports document.

An unreachable or failing server becomes DependencyUnavailableError("database"); a lost
serialization race ConcurrentUpdateError; a violated unique or foreign key constraint the
error its repository names for it (an unnamed unique violation a plain ConflictError).
Anything else is a bug in our SQL and propagates as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import asyncpg
from sqlalchemy.exc import DBAPIError

from application.shared.errors import DependencyUnavailableError
from domain.shared.errors import ConcurrentUpdateError, ConflictError, DomainError

_UNIQUE_VIOLATION = "23505"
_FOREIGN_KEY_VIOLATION = "23503"

# SQLSTATE classes and codes that mean "the database cannot serve us now", as opposed to
# "this statement is wrong": connection failures, rejected login or missing database
# (misconfiguration the operator must fix), exhausted resources, shutdown, cancelled query.
_UNAVAILABLE_CLASSES = ("08", "28", "3D", "53")
_UNAVAILABLE_STATES = frozenset({"57014", "57P01", "57P02", "57P03"})
_CONCURRENCY_STATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock

# PostgreSQL's detail of a key violation: 'Key (sku)=(ABC-1) already exists.'
_KEY_VALUE = re.compile(r"\)=\((?P<value>.*)\)")

ErrorFactory = Callable[[], DomainError]


@contextmanager
def translated_errors(*, on_constraint: Mapping[str, ErrorFactory] | None = None) -> Iterator[None]:
    """Run a database interaction, turning driver failures into port errors.

    ``on_constraint`` maps the name of a unique index or constraint, or of a foreign key,
    to the error its violation means.
    """
    try:
        yield
    except (OSError, TimeoutError, asyncpg.InterfaceError) as exc:
        # Refused, lost or timed-out connections (a full pool too): asyncpg raises these
        # without a SQLSTATE.
        raise DependencyUnavailableError("database") from exc
    except asyncpg.PostgresError as exc:
        error = _port_error(exc, on_constraint or {})
        if error is None:
            raise
        raise error from exc
    except DBAPIError as exc:  # through SQLAlchemy: only the migrations run that way
        driver = exc.orig.__cause__ if exc.orig is not None else None
        if exc.connection_invalidated:
            raise DependencyUnavailableError("database") from exc
        if not isinstance(driver, asyncpg.PostgresError):
            raise
        error = _port_error(driver, on_constraint or {})
        if error is None:
            raise
        raise error from exc


def violated_value(exc: BaseException) -> str:
    """The offending value a key violation names in its detail, or "?"."""
    found = _KEY_VALUE.search(getattr(exc, "detail", "") or "")
    return found.group("value") if found else "?"


def _port_error(
    exc: asyncpg.PostgresError, on_constraint: Mapping[str, ErrorFactory]
) -> DomainError | None:
    state: str = getattr(exc, "sqlstate", "") or ""
    if state.startswith(_UNAVAILABLE_CLASSES) or state in _UNAVAILABLE_STATES:
        return DependencyUnavailableError("database")
    if state in _CONCURRENCY_STATES:
        return ConcurrentUpdateError("a concurrent transaction changed the same data")
    if state in (_UNIQUE_VIOLATION, _FOREIGN_KEY_VIOLATION):
        constraint: str = getattr(exc, "constraint_name", "") or ""
        factory = on_constraint.get(constraint)
        if factory is not None:
            return factory()
        if state == _UNIQUE_VIOLATION:
            return ConflictError(f"duplicate value for {constraint or 'a unique key'}")
    return None
