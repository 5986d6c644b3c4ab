"""Translation of driver failures into the errors the ports document.

An unreachable or failing server becomes DependencyUnavailableError("database"); a lost
serialization race ConcurrentUpdateError; a violated unique or foreign key constraint the
error its repository names for it (an unnamed unique violation a plain ConflictError).
Anything else is a bug in our SQL and propagates as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

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

ErrorFactory = Callable[[], DomainError]


@contextmanager
def translated_errors(*, on_constraint: Mapping[str, ErrorFactory] | None = None) -> Iterator[None]:
    """Run a database interaction, turning driver failures into port errors.

    ``on_constraint`` maps the name of a unique index or constraint, or of a foreign key,
    to the error its violation means.
    """
    try:
        yield
    except (OSError, PoolTimeoutError) as exc:
        # OSError covers refused connections, unknown hosts and connect timeouts, which
        # asyncpg raises before any SQLAlchemy wrapping.
        raise DependencyUnavailableError("database") from exc
    except DBAPIError as exc:
        error = _port_error(exc, on_constraint or {})
        if error is None:
            raise
        raise error from exc


def _port_error(exc: DBAPIError, on_constraint: Mapping[str, ErrorFactory]) -> DomainError | None:
    state = _driver_attribute(exc, "sqlstate")
    if exc.connection_invalidated or _is_unavailable(state):
        return DependencyUnavailableError("database")
    if state in _CONCURRENCY_STATES:
        return ConcurrentUpdateError("a concurrent transaction changed the same data")
    if state in (_UNIQUE_VIOLATION, _FOREIGN_KEY_VIOLATION):
        constraint = _driver_attribute(exc, "constraint_name") or ""
        factory = on_constraint.get(constraint)
        if factory is not None:
            return factory()
        if state == _UNIQUE_VIOLATION:
            return ConflictError(f"duplicate value for {constraint or 'a unique key'}")
    return None


def _is_unavailable(state: str | None) -> bool:
    if state is None:
        return False
    return state.startswith(_UNAVAILABLE_CLASSES) or state in _UNAVAILABLE_STATES


def _driver_attribute(exc: DBAPIError, name: str) -> str | None:
    """Read an attribute of the asyncpg exception under SQLAlchemy's DBAPI emulation."""
    candidate: object = exc.orig
    for _ in range(3):  # SQLAlchemy error -> emulated DBAPI error -> asyncpg error
        if candidate is None:
            break
        value = getattr(candidate, name, None)
        if isinstance(value, str):
            return value
        candidate = getattr(candidate, "orig", None) or getattr(candidate, "__cause__", None)
    return None
