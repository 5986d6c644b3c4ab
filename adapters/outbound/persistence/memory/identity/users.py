"""Users in memory, with the uniqueness, versioning and ordering of the PostgreSQL table."""

from __future__ import annotations

from adapters.outbound.persistence.memory.identity.store import USERS
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.identity.ports import UserFilter, UserRepository
from application.shared.pagination import TimeCursor
from domain.identity.errors import EmailAlreadyRegisteredError
from domain.identity.user import User
from domain.identity.values import EmailAddress, UserId, UserStatus
from domain.shared.errors import ConcurrentUpdateError, ConflictError


class InMemoryUserRepository(UserRepository):
    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def add(self, user: User) -> None:
        if self._tx.exists(USERS, user.id):
            raise ConflictError(f"user {user.id} already exists")
        self._check_email_free(user)
        self._tx.put(USERS, user.id, user)

    async def get(self, user_id: UserId) -> User | None:
        return self._tx.get(USERS, user_id)

    async def get_by_email(self, email: EmailAddress) -> User | None:
        found = self._tx.select(
            USERS, lambda stored: stored.email == email and _not_deleted(stored), limit=1
        )
        return found[0] if found else None

    async def save(self, user: User) -> None:
        stored = self._tx.get(USERS, user.id)
        if stored is None or stored.version != user.version:
            raise ConcurrentUpdateError(f"user {user.id} changed since it was loaded")
        self._check_email_free(user)
        user.version += 1
        self._tx.put(USERS, user.id, user)

    async def list(
        self, user_filter: UserFilter, *, after: TimeCursor | None, limit: int
    ) -> list[User]:
        def matches(user: User) -> bool:
            if after is not None and (user.created_at, user.id) >= (after.created_at, after.id):
                return False
            return _matches(user, user_filter)

        return self._tx.select(
            USERS,
            matches,
            order_by=lambda user: (user.created_at, user.id),
            descending=True,
            limit=limit,
        )

    async def count_active_admins(self) -> int:
        return self._tx.count(USERS, lambda user: user.is_active_admin)

    def _check_email_free(self, user: User) -> None:
        if not _not_deleted(user):
            return
        if self._tx.count(
            USERS,
            lambda stored: (
                stored.id != user.id and stored.email == user.email and _not_deleted(stored)
            ),
        ):
            raise EmailAlreadyRegisteredError()


def _not_deleted(user: User) -> bool:
    return user.status is not UserStatus.DELETED


def _matches(user: User, user_filter: UserFilter) -> bool:
    if user_filter.role is not None and user.role != user_filter.role:
        return False
    if user_filter.status is not None and user.status != user_filter.status:
        return False
    if user_filter.email_verified is not None and user.email_verified != user_filter.email_verified:
        return False
    if user_filter.text:
        # lower(), not casefold(): the same folding PostgreSQL's ILIKE applies.
        needle = user_filter.text.lower()
        return needle in user.email.value.lower() or needle in user.full_name.value.lower()
    return True
