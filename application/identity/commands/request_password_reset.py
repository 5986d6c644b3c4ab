"""Mail a password reset link; answers the same whether or not the email is known."""

from __future__ import annotations

from dataclasses import dataclass

from application.identity.credentials import replace_one_time_token
from application.identity.mails import password_reset_email, throttle_mail
from application.identity.policy import IdentityPolicy
from application.identity.ports import IdentityUnitOfWork
from application.shared.ports import Clock, Mailer, RateLimiter, SecurityEvent, SecurityLog
from domain.identity.tokens import OneTimePurpose
from domain.identity.values import EmailAddress


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestPasswordReset:
    email: str
    client: str


class RequestPasswordResetHandler:
    """Issue a single-use reset token to an active account, voiding earlier ones.

    Raises:
        RateLimitedError: too many mails asked for this email or from this client.
        InvalidEmailError: the email is malformed.
    """

    def __init__(
        self,
        *,
        uow: IdentityUnitOfWork,
        mailer: Mailer,
        rate_limiter: RateLimiter,
        security_log: SecurityLog,
        clock: Clock,
        policy: IdentityPolicy,
    ) -> None:
        self._uow = uow
        self._mailer = mailer
        self._rate_limiter = rate_limiter
        self._log = security_log
        self._clock = clock
        self._policy = policy

    async def handle(self, command: RequestPasswordReset) -> None:
        email = EmailAddress.parse(command.email)
        await throttle_mail(
            self._rate_limiter, self._policy, email=email.value, client=command.client
        )
        async with self._uow:
            user = await self._uow.users.get_by_email(email)
            if user is None or not user.is_active:
                return
            secret = await replace_one_time_token(
                self._uow,
                user.id,
                OneTimePurpose.RESET_PASSWORD,
                now=self._clock.now(),
                ttl=self._policy.reset_token_ttl,
            )
            await self._mailer.send(
                password_reset_email(user, secret, base_url=self._policy.public_base_url)
            )
            await self._uow.commit()
        await self._log.record(
            SecurityEvent(kind="password_reset_requested", user_id=user.id, client=command.client)
        )
