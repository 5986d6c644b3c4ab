"""Log in with email and password: a new session's token pair."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import NoReturn

from application.identity.audit import record_security_events
from application.identity.credentials import new_refresh_token, token_pair
from application.identity.errors import AccountSuspendedError
from application.identity.policy import IdentityPolicy
from application.identity.ports import AccessTokenIssuer, IdentityUnitOfWork, PasswordHasher
from application.identity.views import TokenPairView
from application.shared.errors import InvalidCredentialsError
from application.shared.ports import Clock, RateLimiter, SecurityEvent, SecurityLog
from domain.identity.user import User
from domain.identity.values import EmailAddress, UserStatus
from domain.shared.errors import ConcurrentUpdateError

_SAVE_ATTEMPTS = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class LogIn:
    email: str
    password: str
    client: str


class LogInHandler:
    """Check the password and open a session.

    Unknown emails, wrong passwords and locked accounts all answer
    InvalidCredentialsError after the same hashing work, so answers and timing do not
    tell which emails have accounts. The slow verification runs outside any
    transaction; its outcome (failure count, lock, rehash) is then applied to a
    freshly loaded user.

    Raises:
        RateLimitedError: too many attempts from this client or for this email.
        InvalidCredentialsError: no active account matches email and password.
        AccountSuspendedError: the password is right but the account is suspended.
    """

    def __init__(
        self,
        *,
        uow: IdentityUnitOfWork,
        hasher: PasswordHasher,
        issuer: AccessTokenIssuer,
        rate_limiter: RateLimiter,
        security_log: SecurityLog,
        clock: Clock,
        policy: IdentityPolicy,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._issuer = issuer
        self._rate_limiter = rate_limiter
        self._log = security_log
        self._clock = clock
        self._policy = policy

    async def handle(self, command: LogIn) -> TokenPairView:
        email = EmailAddress.parse(command.email)
        await self._rate_limiter.hit(self._policy.login_per_client, command.client)
        await self._rate_limiter.hit(self._policy.login_per_email, email.value)
        async with self._uow:
            user = await self._uow.users.get_by_email(email)
        if user is None:
            await self._hasher.verify_nothing(command.password)
            await self._fail(email, command.client, "unknown_email")
        matches = await self._hasher.verify(user.password_hash, command.password)
        locked = user.is_locked(self._clock.now())
        if matches and not locked and user.status is UserStatus.SUSPENDED:
            await self._fail(email, command.client, "suspended", user, AccountSuspendedError())
        new_hash = None
        if matches and self._hasher.needs_rehash(user.password_hash):
            new_hash = await self._hasher.hash(command.password)
        accepted = matches and not locked
        # A concurrent login of the same user may bump its version; apply ours again.
        for _ in range(_SAVE_ATTEMPTS - 1):
            with contextlib.suppress(ConcurrentUpdateError):
                return await self._conclude(user, accepted, new_hash, command)
        return await self._conclude(user, accepted, new_hash, command)

    async def _conclude(
        self, loaded: User, accepted: bool, new_hash: str | None, command: LogIn
    ) -> TokenPairView:
        now = self._clock.now()
        async with self._uow:
            user = await self._uow.users.get(loaded.id)
            if user is None or not user.is_active:
                await self._fail(loaded.email, command.client, "inactive", loaded)
            if not accepted:
                reason = "locked" if user.is_locked(now) else "wrong_password"
                user.record_failed_login(now=now, policy=self._policy.lockout)
                await self._uow.users.save(user)
                await self._uow.commit()
                await record_security_events(self._log, user.pull_events())
                await self._fail(user.email, command.client, reason, user)
            changed = user.record_successful_login(now=now)
            if new_hash is not None:
                user.upgrade_password_hash(new_hash, now=now)
            # A clean login leaves the user as it was: not rewriting it lets the same
            # account log in from many clients at once without version conflicts.
            if changed or new_hash is not None:
                await self._uow.users.save(user)
            token, secret = new_refresh_token(user.id, now=now, ttl=self._policy.refresh_token_ttl)
            await self._uow.refresh_tokens.add(token)
            await self._uow.commit()
        await self._log.record(
            SecurityEvent(kind="login_succeeded", user_id=user.id, client=command.client)
        )
        return token_pair(user, secret, issuer=self._issuer, now=now)

    async def _fail(
        self,
        email: EmailAddress,
        client: str,
        reason: str,
        user: User | None = None,
        error: Exception | None = None,
    ) -> NoReturn:
        await self._log.record(
            SecurityEvent(
                kind="login_failed",
                user_id=user.id if user else None,
                email=email.value,
                client=client,
                detail={"reason": reason},
            )
        )
        raise error or InvalidCredentialsError()
