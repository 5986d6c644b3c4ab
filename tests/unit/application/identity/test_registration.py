from __future__ import annotations

import pytest

from application.identity.commands.register_user import RegisterUser, RegisterUserHandler
from application.identity.commands.resend_verification import (
    ResendVerification,
    ResendVerificationHandler,
)
from application.identity.commands.verify_email import VerifyEmail, VerifyEmailHandler
from application.identity.errors import InvalidOneTimeTokenError
from application.shared.errors import RateLimitedError
from domain.identity.errors import EmailAlreadyRegisteredError, WeakPasswordError
from domain.identity.values import EmailAddress
from tests.builders.identity_world import STRONG_PASSWORD, IdentityWorld


async def register(world: IdentityWorld, email: str = "Ada@Example.com", client: str = "c1"):
    return await world.handler(RegisterUserHandler).handle(
        RegisterUser(email=email, password=STRONG_PASSWORD, full_name="Ada Lovelace", client=client)
    )


async def test_user_is_stored_unverified_with_normalized_email_when_registering() -> None:
    world = IdentityWorld()

    view = await register(world)

    async with world.uow() as uow:
        stored = await uow.users.get_by_email(EmailAddress.parse("ada@example.com"))
    assert view.email == "ada@example.com"
    assert stored is not None
    assert stored.id == view.id
    assert not stored.email_verified
    assert stored.password_hash != STRONG_PASSWORD


async def test_verification_link_is_mailed_when_registering() -> None:
    world = IdentityWorld()

    await register(world)

    assert world.token_mailed_to("ada@example.com")


async def test_registration_is_refused_when_email_differs_only_in_case() -> None:
    world = IdentityWorld()
    await register(world, "ada@example.com")

    with pytest.raises(EmailAlreadyRegisteredError):
        await register(world, "ADA@EXAMPLE.COM")


async def test_nothing_is_stored_when_password_is_weak() -> None:
    world = IdentityWorld()
    handler = world.handler(RegisterUserHandler)

    with pytest.raises(WeakPasswordError) as caught:
        await handler.handle(
            RegisterUser(email="a@example.com", password="password1234", full_name="A", client="c")
        )

    assert caught.value.field == "password"
    async with world.uow() as uow:
        assert await uow.users.get_by_email(EmailAddress.parse("a@example.com")) is None


async def test_registration_is_throttled_when_one_client_registers_too_often() -> None:
    world = IdentityWorld()
    for n in range(world.policy.register_per_client.amount):
        await register(world, f"user{n}@example.com", client="10.0.0.9")

    with pytest.raises(RateLimitedError):
        await register(world, "one-more@example.com", client="10.0.0.9")


async def test_email_is_verified_when_mailed_token_is_used() -> None:
    world = IdentityWorld()
    await register(world)
    token = world.token_mailed_to("ada@example.com")

    view = await world.handler(VerifyEmailHandler).handle(VerifyEmail(token=token))

    assert view.email_verified


async def test_token_is_refused_when_used_twice() -> None:
    world = IdentityWorld()
    await register(world)
    token = world.token_mailed_to("ada@example.com")
    await world.handler(VerifyEmailHandler).handle(VerifyEmail(token=token))

    with pytest.raises(InvalidOneTimeTokenError):
        await world.handler(VerifyEmailHandler).handle(VerifyEmail(token=token))


async def test_token_is_refused_when_expired() -> None:
    world = IdentityWorld()
    await register(world)
    token = world.token_mailed_to("ada@example.com")
    world.clock.advance(world.policy.verification_token_ttl)

    with pytest.raises(InvalidOneTimeTokenError):
        await world.handler(VerifyEmailHandler).handle(VerifyEmail(token=token))


async def test_earlier_token_stops_working_when_verification_is_resent() -> None:
    world = IdentityWorld()
    await register(world)
    first = world.token_mailed_to("ada@example.com")

    await world.handler(ResendVerificationHandler).handle(
        ResendVerification(email="ada@example.com", client="c1")
    )

    second = world.token_mailed_to("ada@example.com")
    assert second != first
    with pytest.raises(InvalidOneTimeTokenError):
        await world.handler(VerifyEmailHandler).handle(VerifyEmail(token=first))
    await world.handler(VerifyEmailHandler).handle(VerifyEmail(token=second))


async def test_nothing_is_mailed_when_resending_to_unknown_email() -> None:
    world = IdentityWorld()

    await world.handler(ResendVerificationHandler).handle(
        ResendVerification(email="nobody@example.com", client="c1")
    )

    assert world.mailer.sent == []
