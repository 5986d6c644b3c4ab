"""An admin reads one user."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.identity.lookups import existing_user
from application.identity.ports import IdentityUnitOfWork
from application.identity.views import UserView
from application.shared.actor import Actor


@dataclass(frozen=True, slots=True, kw_only=True)
class GetUser:
    actor: Actor
    user_id: UUID


class GetUserHandler:
    """Raises PermissionDeniedError for non-admins, UserNotFoundError for unknown users."""

    def __init__(self, *, uow: IdentityUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: GetUser) -> UserView:
        query.actor.require_admin()
        async with self._uow:
            return UserView.of(await existing_user(self._uow, query.user_id))
