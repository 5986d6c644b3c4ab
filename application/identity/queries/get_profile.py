"""The caller's own profile."""

from __future__ import annotations

from dataclasses import dataclass

from application.identity.lookups import current_user_view
from application.identity.ports import IdentityUnitOfWork
from application.identity.views import UserView
from application.shared.actor import Actor


@dataclass(frozen=True, slots=True, kw_only=True)
class GetProfile:
    actor: Actor


class GetProfileHandler:
    """Raises InvalidTokenError when the caller's account is no longer active."""

    def __init__(self, *, uow: IdentityUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: GetProfile) -> UserView:
        async with self._uow:
            return await current_user_view(self._uow, query.actor.user_id)
