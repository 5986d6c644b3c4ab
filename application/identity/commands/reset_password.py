"""Set a new password with a mailed reset token, ending every session."""

from __future__ import annotations

from dataclasses import dataclass

from application.identity.audit import record_security_events
from application.identity.errors import InvalidOneTimeTokenError
from application.identity.ports import IdentityUnitOfWork, PasswordHasher
from application.shared.ports import Clock, SecurityLog
from application.shared.tokens import digest_token
from domain.identity.password_policy import check_password
from domain.identity.tokens import OneTimePurpose


@dataclass(frozen=True, slots=True, kw_only=True)
class ResetPassword:
    token: str
    new_password: str


class ResetPasswordHandler:
    """Spend the token, set the password (lifting any login lock), revoke all sessions.

    Raises:
        InvalidOneTimeTokenError: unknown, used or expired token, or an inactive user.
        WeakPasswordError: the new password breaks the policy.
    """

    def __init__(
        self,
        *,
        uow: IdentityUnitOfWork,
        hasher: PasswordHasher,
        security_log: SecurityLog,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._log = security_log
        self._clock = clock

    async def handle(self, command: ResetPassword) -> None:
        digest = digest_token(command.token)
        purpose = OneTimePurpose.RESET_PASSWORD
        async with self._uow:
            token = await self._uow.one_time_tokens.get_by_digest(digest, purpose)
            user = None if token is None else await self._uow.users.get(token.user_id)
        if token is None or user is None or not user.is_active:
            raise InvalidOneTimeTokenError
        check_password(
            command.new_password,
            email=user.email.value,
            full_name=user.full_name.value,
            field="new_password",
        )
        new_hash = await self._hasher.hash(command.new_password)
        now = self._clock.now()
        async with self._uow:
            token = await self._uow.one_time_tokens.get_by_digest(digest, purpose)
            if token is None or not token.is_usable(now):
                raise InvalidOneTimeTokenError
            user = await self._uow.users.get(token.user_id)
            if user is None or not user.is_active:
                raise InvalidOneTimeTokenError
            token.use(now=now)
            await self._uow.one_time_tokens.save(token)
            await self._uow.one_time_tokens.use_all(user.id, purpose, now=now)
            user.change_password(new_hash, now=now)
            await self._uow.users.save(user)
            await self._uow.refresh_tokens.revoke_all_for_user(user.id, now=now)
            await self._uow.commit()
        await record_security_events(self._log, user.pull_events())
