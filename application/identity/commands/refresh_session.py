"""Exchange a refresh token for a new token pair, rotating the refresh token."""

from __future__ import annotations

from dataclasses import dataclass

from application.identity.credentials import new_refresh_token, token_pair
from application.identity.policy import IdentityPolicy
from application.identity.ports import AccessTokenIssuer, IdentityUnitOfWork
from application.identity.views import TokenPairView
from application.shared.errors import InvalidTokenError
from application.shared.ports import Clock, SecurityEvent, SecurityLog
from application.shared.tokens import digest_token
from domain.identity.tokens import RefreshTokenState


@dataclass(frozen=True, slots=True, kw_only=True)
class RefreshSession:
    refresh_token: str
    client: str


class RefreshSessionHandler:
    """Spend a refresh token for the next one of its family.

    A token that was already spent means two parties hold the session: the whole
    family is revoked (the legitimate user logs in again) and the reuse is logged.

    Raises:
        InvalidTokenError: unknown, expired, revoked or reused token, or an inactive user.
    """

    def __init__(
        self,
        *,
        uow: IdentityUnitOfWork,
        issuer: AccessTokenIssuer,
        security_log: SecurityLog,
        clock: Clock,
        policy: IdentityPolicy,
    ) -> None:
        self._uow = uow
        self._issuer = issuer
        self._log = security_log
        self._clock = clock
        self._policy = policy

    async def handle(self, command: RefreshSession) -> TokenPairView:
        now = self._clock.now()
        async with self._uow:
            token = await self._uow.refresh_tokens.get_by_digest(
                digest_token(command.refresh_token)
            )
            if token is None:
                raise InvalidTokenError
            state = token.state(now)
            if state is RefreshTokenState.REUSED:
                await self._uow.refresh_tokens.revoke_family(token.family_id, now=now)
                await self._uow.commit()
                await self._log.record(
                    SecurityEvent(
                        kind="refresh_token_reused", user_id=token.user_id, client=command.client
                    )
                )
                raise InvalidTokenError
            if state is not RefreshTokenState.VALID:
                raise InvalidTokenError
            user = await self._uow.users.get(token.user_id)
            if user is None or not user.is_active:
                await self._uow.refresh_tokens.revoke_family(token.family_id, now=now)
                await self._uow.commit()
                raise InvalidTokenError
            token.rotate(now=now)
            await self._uow.refresh_tokens.save(token)
            successor, secret = new_refresh_token(
                user.id, now=now, ttl=self._policy.refresh_token_ttl, family_id=token.family_id
            )
            await self._uow.refresh_tokens.add(successor)
            await self._uow.commit()
        return token_pair(user, secret, issuer=self._issuer, now=now)
