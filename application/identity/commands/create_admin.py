"""Create an admin account from the command line (the first admin of a new shop)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from application.identity.ports import IdentityUnitOfWork, PasswordHasher
from application.identity.views import UserView
from application.shared.ports import Clock
from domain.identity.password_policy import check_password
from domain.identity.user import User
from domain.identity.values import EmailAddress, FullName, Role, UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateAdmin:
    email: str
    password: str
    full_name: str = "Administrator"


class CreateAdminHandler:
    """Register an active admin whose email counts as verified (the operator vouches).

    Raises:
        InvalidEmailError, WeakPasswordError: bad input.
        EmailAlreadyRegisteredError: the email belongs to an account.
    """

    def __init__(self, *, uow: IdentityUnitOfWork, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    async def handle(self, command: CreateAdmin) -> UserView:
        email = EmailAddress.parse(command.email)
        full_name = FullName.parse(command.full_name)
        check_password(command.password, email=email.value, full_name=full_name.value)
        user = User.register(
            id=UserId(uuid4()),
            email=email,
            full_name=full_name,
            password_hash=await self._hasher.hash(command.password),
            now=self._clock.now(),
            role=Role.ADMIN,
            email_verified=True,
        )
        async with self._uow:
            await self._uow.users.add(user)
            await self._uow.commit()
        return UserView.of(user)
