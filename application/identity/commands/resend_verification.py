"""Mail a fresh verification link; answers the same whether or not the email is known."""

from __future__ import annotations

from dataclasses import dataclass

from application.identity.credentials import replace_one_time_token
from application.identity.mails import throttle_mail, verification_email
from application.identity.policy import IdentityPolicy
from application.identity.ports import IdentityUnitOfWork
from application.shared.ports import Clock, Mailer, RateLimiter
from domain.identity.tokens import OneTimePurpose
from domain.identity.values import EmailAddress


@dataclass(frozen=True, slots=True, kw_only=True)
class ResendVerification:
    email: str
    client: str


class ResendVerificationHandler:
    """Replace any earlier verification token of an active, unverified user with a new one.

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
        clock: Clock,
        policy: IdentityPolicy,
    ) -> None:
        self._uow = uow
        self._mailer = mailer
        self._rate_limiter = rate_limiter
        self._clock = clock
        self._policy = policy

    async def handle(self, command: ResendVerification) -> None:
        email = EmailAddress.parse(command.email)
        await throttle_mail(
            self._rate_limiter, self._policy, email=email.value, client=command.client
        )
        async with self._uow:
            user = await self._uow.users.get_by_email(email)
            if user is None or not user.is_active or user.email_verified:
                return
            secret = await replace_one_time_token(
                self._uow,
                user.id,
                OneTimePurpose.VERIFY_EMAIL,
                now=self._clock.now(),
                ttl=self._policy.verification_token_ttl,
            )
            await self._mailer.send(
                verification_email(user, secret, base_url=self._policy.public_base_url)
            )
            await self._uow.commit()
