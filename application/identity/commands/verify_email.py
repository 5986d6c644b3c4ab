"""Confirm an email address with the single-use token mailed to it."""

from __future__ import annotations

from dataclasses import dataclass

from application.identity.errors import InvalidOneTimeTokenError
from application.identity.ports import IdentityUnitOfWork
from application.identity.views import UserView
from application.shared.ports import Clock
from application.shared.tokens import digest_token
from domain.identity.tokens import OneTimePurpose


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifyEmail:
    token: str


class VerifyEmailHandler:
    """Mark the token's user verified and spend the token.

    Raises:
        InvalidOneTimeTokenError: unknown, used or expired token, or the user is gone.
    """

    def __init__(self, *, uow: IdentityUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: VerifyEmail) -> UserView:
        now = self._clock.now()
        async with self._uow:
            token = await self._uow.one_time_tokens.get_by_digest(
                digest_token(command.token), OneTimePurpose.VERIFY_EMAIL
            )
            if token is None or not token.is_usable(now):
                raise InvalidOneTimeTokenError
            user = await self._uow.users.get(token.user_id)
            if user is None or not user.is_active:
                raise InvalidOneTimeTokenError
            token.use(now=now)
            user.verify_email(now=now)
            await self._uow.one_time_tokens.save(token)
            await self._uow.users.save(user)
            await self._uow.commit()
        return UserView.of(user)
