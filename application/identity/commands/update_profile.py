"""Change the caller's own profile (today: the full name)."""

from __future__ import annotations

from dataclasses import dataclass

from application.identity.lookups import current_user
from application.identity.ports import IdentityUnitOfWork
from application.identity.views import UserView
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.identity.values import FullName


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateProfile:
    actor: Actor
    full_name: str | None = None


class UpdateProfileHandler:
    """Apply the given fields to the caller's profile; absent fields stay as they are.

    Raises:
        InvalidValueError: a field breaks its rule.
        InvalidTokenError: the caller's account is no longer active.
    """

    def __init__(self, *, uow: IdentityUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: UpdateProfile) -> UserView:
        full_name = None if command.full_name is None else FullName.parse(command.full_name)
        async with self._uow:
            user = await current_user(self._uow, command.actor.user_id)
            if full_name is not None:
                user.rename(full_name, now=self._clock.now())
            await self._uow.users.save(user)
            await self._uow.commit()
        return UserView.of(user)
