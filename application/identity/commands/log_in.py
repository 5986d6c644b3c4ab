"""Log in with email and password: a new session's token pair."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime
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


@dataclass(frozen=True, slots=True, kw_only=True)
class _Check:
    """A password checked against one state of an account."""

    user: User
    matches: bool
    new_hash: str | None  # the password hashed with current parameters, when it needs that
    answer_at: float  # event-loop time before which a failure is not answered


class LogInHandler:
    """Check the password and open a session.

    Unknown emails, wrong passwords and locked accounts all answer
    InvalidCredentialsError after the same hashing work, and every such failure is
    answered ``policy.failed_login_pause`` after its password check, whatever it wrote
    meanwhile (a known account's failure count; an unknown email writes nothing): neither
    the answer nor its timing tells which emails have accounts. The slow verification
    runs outside any transaction; its outcome is written in one transaction that holds
    only if the account is still as checked, and is applied again to the account as it
    is now otherwise. ``reader`` (one-statement reads, no transaction needed) defaults
    to ``uow``.

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
        reader: IdentityUnitOfWork | None = None,
    ) -> None:
        self._uow = uow
        self._reader = uow if reader is None else reader
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
        async with self._reader:
            user = await self._reader.users.get_by_email(email)
        if user is None:
            await self._hasher.verify_nothing(command.password)
            await self._fail("unknown_email", email, command.client, self._answer_at())
        check = await self._check(user, command.password)
        suspended = user.status is UserStatus.SUSPENDED
        if check.matches and suspended and not user.is_locked(self._clock.now()):
            await self._record_failure("suspended", email, command.client, user)
            raise AccountSuspendedError()
        # Another client's login may change the account meanwhile (a failure count, say):
        # the write then refuses, and the outcome is applied to the account as it is now.
        for _ in range(_SAVE_ATTEMPTS - 1):
            try:
                return await self._conclude(check, command)
            except ConcurrentUpdateError:
                check = await self._recheck(check, command)
        return await self._conclude(check, command)

    async def _check(self, user: User, password: str) -> _Check:
        matches = await self._hasher.verify(user.password_hash, password)
        answer_at = self._answer_at()
        new_hash = None
        if matches and self._hasher.needs_rehash(user.password_hash):
            new_hash = await self._hasher.hash(password)
        return _Check(user=user, matches=matches, new_hash=new_hash, answer_at=answer_at)

    async def _recheck(self, check: _Check, command: LogIn) -> _Check:
        async with self._reader:
            user = await self._reader.users.get(check.user.id)
        if user is None:
            await self._fail("inactive", check.user.email, command.client, check.answer_at)
        if user.password_hash != check.user.password_hash:
            # The password changed meanwhile: the check (and any rehash) was of the old one.
            fresh = await self._check(user, command.password)
            return replace(fresh, answer_at=check.answer_at)
        return replace(check, user=user)

    async def _conclude(self, check: _Check, command: LogIn) -> TokenPairView:
        user, now = check.user, self._clock.now()
        if not user.is_active:
            await self._fail("inactive", user.email, command.client, check.answer_at, user)
        if not check.matches or user.is_locked(now):
            await self._count_failure(check, command, now)
        return await self._open_session(check, command, now)

    async def _count_failure(self, check: _Check, command: LogIn, now: datetime) -> NoReturn:
        user = check.user
        reason = "locked" if user.is_locked(now) else "wrong_password"
        user.record_failed_login(now=now, policy=self._policy.lockout)
        async with self._uow:
            await self._uow.users.save(user)  # refuses a user changed since it was loaded
            await self._uow.commit()
        await record_security_events(self._log, user.pull_events())
        await self._fail(reason, user.email, command.client, check.answer_at, user)

    async def _open_session(self, check: _Check, command: LogIn, now: datetime) -> TokenPairView:
        user = check.user
        token, secret = new_refresh_token(user.id, now=now, ttl=self._policy.refresh_token_ttl)
        changed = user.record_successful_login(now=now)
        if check.new_hash is not None:
            user.upgrade_password_hash(check.new_hash, now=now)
        async with self._uow:
            if changed or check.new_hash is not None:
                await self._uow.users.save(user)
                await self._uow.refresh_tokens.add(token)
            else:
                # A clean login writes only its session, so that many clients can log in to
                # one account at once; the account is held as checked until the commit.
                await self._uow.refresh_tokens.add(token, user_version=user.version)
            await self._uow.commit()
        await self._log.record(
            SecurityEvent(kind="login_succeeded", user_id=user.id, client=command.client)
        )
        return token_pair(user, secret, issuer=self._issuer, now=now)

    def _answer_at(self) -> float:
        return asyncio.get_running_loop().time() + self._policy.failed_login_pause.total_seconds()

    async def _fail(
        self,
        reason: str,
        email: EmailAddress,
        client: str,
        answer_at: float,
        user: User | None = None,
    ) -> NoReturn:
        await self._record_failure(reason, email, client, user)
        await asyncio.sleep(answer_at - asyncio.get_running_loop().time())
        raise InvalidCredentialsError()

    async def _record_failure(
        self, reason: str, email: EmailAddress, client: str, user: User | None
    ) -> None:
        await self._log.record(
            SecurityEvent(
                kind="login_failed",
                user_id=user.id if user else None,
                email=email.value,
                client=client,
                detail={"reason": reason},
            )
        )
