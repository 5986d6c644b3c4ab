"""Identity's unit of work over the in-memory store."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.outbound.persistence.memory.identity.store import InMemoryIdentityStore
from adapters.outbound.persistence.memory.identity.tokens import (
    InMemoryOneTimeTokenRepository,
    InMemoryRefreshTokenRepository,
)
from adapters.outbound.persistence.memory.identity.user_views import InMemoryUserViews
from adapters.outbound.persistence.memory.identity.users import InMemoryUserRepository
from application.identity.ports import IdentityUnitOfWork


class InMemoryIdentityUnitOfWork(IdentityUnitOfWork):
    """Transactions on one store run one at a time (see ``memory.store``).

    So a task inside one must not open another on the same store: it would wait forever.
    """

    def __init__(self, store: InMemoryIdentityStore) -> None:
        self._tx = store.transaction()
        self.users = InMemoryUserRepository(self._tx)
        self.user_views = InMemoryUserViews(self._tx)
        self.refresh_tokens = InMemoryRefreshTokenRepository(self._tx)
        self.one_time_tokens = InMemoryOneTimeTokenRepository(self._tx)

    async def __aenter__(self) -> Self:
        await self._tx.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._tx.end()

    async def commit(self) -> None:
        self._tx.commit()
