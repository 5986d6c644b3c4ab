"""Users as they see their own profile, from the in-memory store."""

from __future__ import annotations

from adapters.outbound.persistence.memory.identity.store import USERS
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.identity.ports import UserViews
from application.identity.views import UserView
from domain.identity.user import User
from domain.identity.values import UserId


class InMemoryUserViews(UserViews):
    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def active(self, user_id: UserId) -> UserView | None:
        user: User | None = self._tx.get(USERS, user_id)
        return UserView.of(user) if user is not None and user.is_active else None
