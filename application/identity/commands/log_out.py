"""End the session a refresh token belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from application.identity.ports import IdentityUnitOfWork
from application.shared.ports import Clock
from application.shared.tokens import digest_token


@dataclass(frozen=True, slots=True, kw_only=True)
class LogOut:
    refresh_token: str


class LogOutHandler:
    """Revoke the token's whole family. Idempotent, and silent about unknown tokens."""

    def __init__(self, *, uow: IdentityUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: LogOut) -> None:
        async with self._uow:
            token = await self._uow.refresh_tokens.get_by_digest(
                digest_token(command.refresh_token)
            )
            if token is None:
                return
            await self._uow.refresh_tokens.revoke_family(token.family_id, now=self._clock.now())
            await self._uow.commit()
