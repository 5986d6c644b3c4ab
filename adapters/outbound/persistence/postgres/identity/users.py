"""Users in PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    insert,
    literal_column,
    or_,
    select,
    tuple_,
    update,
)

from adapters.outbound.persistence.postgres.identity.mappers import user_from_row, user_values
from adapters.outbound.persistence.postgres.identity.tables import (
    USERS_EMAIL_NOT_DELETED,
    USERS_PKEY,
    users,
)
from adapters.outbound.persistence.postgres.statements import Query
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.identity.ports import UserFilter, UserRepository
from application.shared.pagination import TimeCursor
from domain.identity.errors import EmailAlreadyRegisteredError
from domain.identity.user import User
from domain.identity.values import EmailAddress, Role, UserId, UserStatus
from domain.shared.errors import ConcurrentUpdateError, ConflictError

# Read on nearly every authenticated request (the caller's account must still be active).
_USER_BY_ID = Query.of(select(users).where(users.c.id == bindparam("id")))
# Every login looks its user up by email; every failed one saves the failure count. The
# status is written into the SQL, not sent as a parameter: only then does a prepared
# statement's generic plan match the partial unique index on email (else: a seq scan).
_NOT_DELETED = users.c.status != literal_column(f"'{UserStatus.DELETED.value}'")
_USER_BY_EMAIL = Query.of(select(users).where(users.c.email == bindparam("email"), _NOT_DELETED))
_SAVED_COLUMNS = [c.name for c in users.columns if c.name not in ("id", "created_at", "version")]
_SAVE_USER = Query.of(
    update(users)
    .where(users.c.id == bindparam("user_id"), users.c.version == bindparam("loaded_version"))
    .values(
        version=users.c.version + 1,
        **{name: bindparam(f"new_{name}") for name in _SAVED_COLUMNS},
    )
)


class PostgresUserRepository(UserRepository):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, user: User) -> None:
        await self._tx.execute(
            insert(users).values(
                id=user.id, created_at=user.created_at, version=user.version, **user_values(user)
            ),
            on_constraint={
                USERS_EMAIL_NOT_DELETED: EmailAlreadyRegisteredError,
                USERS_PKEY: lambda: ConflictError(f"user {user.id} already exists"),
            },
        )

    async def get(self, user_id: UserId) -> User | None:
        row = (await self._tx.run(_USER_BY_ID, id=user_id)).first()
        return None if row is None else user_from_row(row)

    async def get_by_email(self, email: EmailAddress) -> User | None:
        row = (await self._tx.run(_USER_BY_EMAIL, email=email.value)).first()
        return None if row is None else user_from_row(row)

    async def save(self, user: User) -> None:
        result = await self._tx.run(
            _SAVE_USER,
            {USERS_EMAIL_NOT_DELETED: EmailAlreadyRegisteredError},
            user_id=user.id,
            loaded_version=user.version,
            **{f"new_{name}": value for name, value in user_values(user).items()},
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(f"user {user.id} changed since it was loaded")
        user.version += 1

    async def list(
        self, user_filter: UserFilter, *, after: TimeCursor | None, limit: int
    ) -> list[User]:
        query = _filtered(select(users), user_filter)
        if after is not None:
            query = query.where(
                tuple_(users.c.created_at, users.c.id) < tuple_(after.created_at, after.id)
            )
        query = query.order_by(users.c.created_at.desc(), users.c.id.desc()).limit(limit)
        return [user_from_row(row) for row in await self._tx.execute(query)]

    async def count_active_admins(self) -> int:
        # FOR UPDATE cannot lock an aggregate, so the rows themselves are locked and counted:
        # a concurrent demotion waits here until this unit of work ends, then sees the change.
        result = await self._tx.execute(
            select(users.c.id)
            .where(users.c.role == Role.ADMIN.value, users.c.status == UserStatus.ACTIVE.value)
            .with_for_update()
        )
        return len(result.all())


def _filtered(query: Select[Any], user_filter: UserFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if user_filter.role is not None:
        conditions.append(users.c.role == user_filter.role.value)
    if user_filter.status is not None:
        conditions.append(users.c.status == user_filter.status.value)
    if user_filter.email_verified is not None:
        conditions.append(users.c.email_verified == user_filter.email_verified)
    if user_filter.text:
        pattern = f"%{_escape_like(user_filter.text)}%"
        conditions.append(
            or_(
                users.c.email.ilike(pattern, escape="\\"),
                users.c.full_name.ilike(pattern, escape="\\"),
            )
        )
    return query.where(and_(*conditions)) if conditions else query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
