"""Users as they see their own profile, read straight from their row."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from adapters.outbound.persistence.postgres.identity.tables import users
from adapters.outbound.persistence.postgres.statements import Query
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.identity.ports import UserViews
from application.identity.views import UserView
from domain.identity.values import UserId, UserStatus

# On the path of every signed-in page: compiled at import, one round trip per read.
_ACTIVE_BY_ID = Query.of(
    select(
        users.c.id,
        users.c.email,
        users.c.full_name,
        users.c.role,
        users.c.status,
        users.c.email_verified,
        users.c.created_at,
        users.c.updated_at,
    ).where(users.c.id == bindparam("id"), users.c.status == UserStatus.ACTIVE.value)
)


class PostgresUserViews(UserViews):
    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def active(self, user_id: UserId) -> UserView | None:
        row = (await self._tx.run(_ACTIVE_BY_ID, id=user_id)).first()
        if row is None:
            return None
        # The values were checked when they were written; the contract suite holds each
        # view equal to UserView.of of the stored user.
        id_, email, full_name, role, status, email_verified, created_at, updated_at = row
        return UserView(
            id=id_,
            email=email,
            full_name=full_name,
            role=role,
            status=status,
            email_verified=email_verified,
            created_at=created_at,
            updated_at=updated_at,
        )
