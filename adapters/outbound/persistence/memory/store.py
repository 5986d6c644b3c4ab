"""A transactional store of records in process memory, shared by every context's memory adapters.

A transaction sees the committed records overlaid with its own staged writes; ``commit``
applies the staged writes, ``end`` without commit drops them. One lock per store is held
from ``begin`` to ``end``, so the transactions on a store run one after another: they are
serializable, and whatever a transaction reads is held against concurrent change, as
``SELECT ... FOR UPDATE`` holds rows in PostgreSQL. The price is that a task must not open a
second transaction on a store while it holds one: it would wait for itself forever.

Records are copied on the way in and on the way out, and stored copies of aggregates carry no
pending domain events, so nothing a caller does to an object it holds reaches the store
except through a write.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from domain.shared.events import EventRecorder

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Table(Generic[K, V]):
    """Names one kind of record in a store; its parameters type the keys and records."""

    name: str


class _Deleted:
    """Marks a key deleted by a transaction that has not committed yet."""


_DELETED = _Deleted()


class InMemoryStore:
    """The committed records of some tables and the lock that serializes transactions on them.

    Keep one per process (per context) and give it to every unit of work of that context.
    """

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._tables: dict[str, dict[Any, Any]] = {}

    def transaction(self) -> StoreTransaction:
        """A transaction handle for one unit of work; it does nothing until ``begin``."""
        return StoreTransaction(self)


class StoreTransaction:
    """Reads and staged writes of one transaction at a time on a store.

    Using any read or write method outside ``begin``/``end`` raises RuntimeError: that is a
    unit of work used outside its ``async with`` block.
    """

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._staged: dict[str, dict[Any, Any]] | None = None

    async def begin(self) -> None:
        if self._staged is not None:
            raise RuntimeError("this unit of work is already in a transaction")
        await self._store._lock.acquire()
        self._staged = {}

    def commit(self) -> None:
        staged = self._open()
        for name, writes in staged.items():
            committed = self._store._tables.setdefault(name, {})
            for key, record in writes.items():
                if record is _DELETED:
                    committed.pop(key, None)
                else:
                    committed[key] = record
        staged.clear()

    def end(self) -> None:
        """Drop what was not committed and let the next transaction in."""
        if self._staged is None:
            return
        self._staged = None
        self._store._lock.release()

    def get(self, table: Table[K, V], key: K) -> V | None:
        record = self._visible(table, key)
        return None if record is None else _detached(record)

    def exists(self, table: Table[K, V], key: K) -> bool:
        return self._visible(table, key) is not None

    def select(
        self,
        table: Table[K, V],
        where: Callable[[V], bool],
        *,
        order_by: Callable[[V], Any] | None = None,
        descending: bool = False,
        limit: int | None = None,
    ) -> list[V]:
        """Copies of the matching records, in order when ``order_by`` is given."""
        matches = [record for record in self._scan(table) if where(record)]
        if order_by is not None:
            matches.sort(key=order_by, reverse=descending)
        if limit is not None:
            matches = matches[: max(limit, 0)]
        return [_detached(record) for record in matches]

    def count(self, table: Table[K, V], where: Callable[[V], bool]) -> int:
        return sum(1 for record in self._scan(table) if where(record))

    def put(self, table: Table[K, V], key: K, record: V) -> None:
        self._open().setdefault(table.name, {})[key] = _detached(record)

    def delete(self, table: Table[K, V], key: K) -> None:
        self._open().setdefault(table.name, {})[key] = _DELETED

    def _open(self) -> dict[str, dict[Any, Any]]:
        if self._staged is None:
            raise RuntimeError("unit of work used outside its `async with` block")
        return self._staged

    def _visible(self, table: Table[K, V], key: K) -> V | None:
        writes = self._open().get(table.name, {})
        if key in writes:
            staged = writes[key]
            return None if staged is _DELETED else staged
        return self._store._tables.get(table.name, {}).get(key)

    def _scan(self, table: Table[K, V]) -> Iterator[V]:
        """The visible records themselves (not copies): callers only read them."""
        writes = self._open().get(table.name, {})
        for key, record in self._store._tables.get(table.name, {}).items():
            if key not in writes:
                yield record
        for record in writes.values():
            if record is not _DELETED:
                yield record


def _detached(record: V) -> V:
    duplicate = copy.deepcopy(record)
    if isinstance(duplicate, EventRecorder):
        # Events belong to the caller's object, which the application publishes; a stored
        # copy that kept them would hand them out again on every load.
        duplicate.pull_events()
    return duplicate
