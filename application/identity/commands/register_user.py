"""Register a new account and mail it an email verification link."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from application.identity.credentials import new_one_time_token
from application.identity.mails import verification_email
from application.identity.policy import IdentityPolicy
from application.identity.ports import IdentityUnitOfWork, PasswordHasher
from application.identity.views import UserView
from application.shared.ports import Clock, Mailer, RateLimiter
from domain.identity.password_policy import check_password
from domain.identity.tokens import OneTimePurpose
from domain.identity.user import User
from domain.identity.values import EmailAddress, FullName, UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterUser:
    email: str
    password: str
    full_name: str
    client: str


class RegisterUserHandler:
    """Create an active, unverified user and mail the verification link.

    The mail goes out before the commit, so a failed send registers nothing and the
    client can simply retry.

    Raises:
        RateLimitedError: too many registrations from this client.
        InvalidEmailError, WeakPasswordError, InvalidValueError: bad input.
        EmailAlreadyRegisteredError: the email belongs to an account.
    """

    def __init__(
        self,
        *,
        uow: IdentityUnitOfWork,
        hasher: PasswordHasher,
        mailer: Mailer,
        rate_limiter: RateLimiter,
        clock: Clock,
        policy: IdentityPolicy,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._mailer = mailer
        self._rate_limiter = rate_limiter
        self._clock = clock
        self._policy = policy

    async def handle(self, command: RegisterUser) -> UserView:
        await self._rate_limiter.hit(self._policy.register_per_client, command.client)
        email = EmailAddress.parse(command.email)
        full_name = FullName.parse(command.full_name)
        check_password(command.password, email=email.value, full_name=full_name.value)
        password_hash = await self._hasher.hash(command.password)
        now = self._clock.now()
        user = User.register(
            id=UserId(uuid4()),
            email=email,
            full_name=full_name,
            password_hash=password_hash,
            now=now,
        )
        token, secret = new_one_time_token(
            user.id, OneTimePurpose.VERIFY_EMAIL, now=now, ttl=self._policy.verification_token_ttl
        )
        async with self._uow:
            await self._uow.users.add(user)
            await self._uow.one_time_tokens.add(token)
            await self._mailer.send(
                verification_email(user, secret, base_url=self._policy.public_base_url)
            )
            await self._uow.commit()
        return UserView.of(user)
