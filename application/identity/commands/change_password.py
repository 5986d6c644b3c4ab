"""Change the caller's password, ending every other session."""

from __future__ import annotations

from dataclasses import dataclass

from application.identity.audit import record_security_events
from application.identity.credentials import new_refresh_token, token_pair
from application.identity.errors import WrongCurrentPasswordError
from application.identity.lookups import current_user
from application.identity.policy import IdentityPolicy
from application.identity.ports import AccessTokenIssuer, IdentityUnitOfWork, PasswordHasher
from application.identity.views import TokenPairView
from application.shared.actor import Actor
from application.shared.ports import Clock, SecurityLog
from domain.identity.password_policy import check_password


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangePassword:
    actor: Actor
    current_password: str
    new_password: str


class ChangePasswordHandler:
    """Replace the password after checking the current one.

    Every refresh token of the user is revoked; the caller gets a fresh pair, so this
    session carries on and all others end.

    Raises:
        WrongCurrentPasswordError: the current password does not match.
        WeakPasswordError: the new password breaks the policy.
        InvalidTokenError: the caller's account is no longer active.
    """

    def __init__(
        self,
        *,
        uow: IdentityUnitOfWork,
        hasher: PasswordHasher,
        issuer: AccessTokenIssuer,
        security_log: SecurityLog,
        clock: Clock,
        policy: IdentityPolicy,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._issuer = issuer
        self._log = security_log
        self._clock = clock
        self._policy = policy

    async def handle(self, command: ChangePassword) -> TokenPairView:
        async with self._uow:
            user = await current_user(self._uow, command.actor.user_id)
        if not await self._hasher.verify(user.password_hash, command.current_password):
            raise WrongCurrentPasswordError
        check_password(
            command.new_password,
            email=user.email.value,
            full_name=user.full_name.value,
            field="new_password",
        )
        new_hash = await self._hasher.hash(command.new_password)
        now = self._clock.now()
        async with self._uow:
            user = await current_user(self._uow, command.actor.user_id)
            user.change_password(new_hash, now=now)
            await self._uow.users.save(user)
            await self._uow.refresh_tokens.revoke_all_for_user(user.id, now=now)
            token, secret = new_refresh_token(user.id, now=now, ttl=self._policy.refresh_token_ttl)
            await self._uow.refresh_tokens.add(token)
            await self._uow.commit()
        await record_security_events(self._log, user.pull_events())
        return token_pair(user, secret, issuer=self._issuer, now=now)
