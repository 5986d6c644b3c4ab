from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

import pytest

from adapters.outbound.security.argon2_hasher import Argon2PasswordHasher
from application.identity.commands.change_password import ChangePassword, ChangePasswordHandler
from application.identity.commands.create_admin import CreateAdmin, CreateAdminHandler
from application.identity.commands.log_in import LogIn, LogInHandler
from application.identity.commands.log_out import LogOut, LogOutHandler
from application.identity.commands.refresh_session import RefreshSession, RefreshSessionHandler
from application.identity.commands.request_password_reset import (
    RequestPasswordReset,
    RequestPasswordResetHandler,
)
from application.identity.commands.reset_password import ResetPassword, ResetPasswordHandler
from application.identity.errors import WrongCurrentPasswordError
from application.identity.views import TokenPairView, UserView
from application.shared.errors import InvalidCredentialsError, InvalidTokenError, RateLimitedError
from domain.identity.user import User
from domain.identity.values import EmailAddress, FullName, UserId
from tests.builders.identity_world import (
    OTHER_STRONG_PASSWORD,
    STRONG_PASSWORD,
    GatedHasher,
    IdentityWorld,
)


async def an_account(world: IdentityWorld, email: str = "grace@example.com") -> UserView:
    return await world.handler(CreateAdminHandler).handle(
        CreateAdmin(email=email, password=STRONG_PASSWORD, full_name="Grace Hopper")
    )


async def log_in(
    world: IdentityWorld, password: str = STRONG_PASSWORD, email: str = "grace@example.com"
) -> TokenPairView:
    return await world.handler(LogInHandler).handle(
        LogIn(email=email, password=password, client="10.1.1.1")
    )


async def refresh(world: IdentityWorld, token: str) -> TokenPairView:
    return await world.handler(RefreshSessionHandler).handle(
        RefreshSession(refresh_token=token, client="10.1.1.1")
    )


async def test_access_token_names_the_user_when_login_succeeds() -> None:
    world = IdentityWorld()
    user = await an_account(world)

    pair = await log_in(world)

    actor = world.tokens.verify(pair.access_token)
    assert actor.user_id == user.id
    assert actor.role == "admin"
    assert pair.expires_in == 900


async def test_unknown_email_and_wrong_password_fail_alike_when_logging_in() -> None:
    world = IdentityWorld()
    await an_account(world)

    with pytest.raises(InvalidCredentialsError) as unknown:
        await log_in(world, email="nobody@example.com")
    with pytest.raises(InvalidCredentialsError) as wrong:
        await log_in(world, password=OTHER_STRONG_PASSWORD)

    assert (unknown.value.code, unknown.value.message) == (wrong.value.code, wrong.value.message)


async def test_failed_login_is_logged_without_the_password_when_password_is_wrong() -> None:
    world = IdentityWorld()
    await an_account(world)

    with pytest.raises(InvalidCredentialsError):
        await log_in(world, password=OTHER_STRONG_PASSWORD)

    [event] = [e for e in world.security_log.events if e.kind == "login_failed"]
    assert event.detail == {"reason": "wrong_password"}
    assert OTHER_STRONG_PASSWORD not in repr(world.security_log.events)


async def test_right_password_is_refused_when_account_is_locked() -> None:
    world = IdentityWorld()
    await an_account(world)
    for _ in range(world.policy.lockout.threshold):
        with pytest.raises(InvalidCredentialsError):
            await log_in(world, password=OTHER_STRONG_PASSWORD)

    with pytest.raises(InvalidCredentialsError):
        await log_in(world)

    assert any(e.kind == "account_locked" for e in world.security_log.events)


async def test_login_works_again_when_lock_has_expired() -> None:
    world = IdentityWorld()
    await an_account(world)
    for _ in range(world.policy.lockout.threshold):
        with pytest.raises(InvalidCredentialsError):
            await log_in(world, password=OTHER_STRONG_PASSWORD)
    world.clock.advance(world.policy.lockout.max_lock)

    pair = await log_in(world)

    assert pair.access_token


async def test_login_is_throttled_when_one_email_is_tried_too_often() -> None:
    world = IdentityWorld()
    for _ in range(world.policy.login_per_email.amount):
        with pytest.raises(InvalidCredentialsError):
            await log_in(world, email="target@example.com")

    with pytest.raises(RateLimitedError) as caught:
        await log_in(world, email="target@example.com")

    assert caught.value.retry_after >= 1


async def test_hash_is_upgraded_when_parameters_changed_since_it_was_made() -> None:
    world = IdentityWorld()
    await an_account(world)
    world.hasher = Argon2PasswordHasher(time_cost=1, memory_cost=128, parallelism=1)

    await log_in(world)

    async with world.uow() as uow:
        stored = await uow.users.get_by_email(EmailAddress.parse("grace@example.com"))
    assert stored is not None
    assert not world.hasher.needs_rehash(stored.password_hash)


async def test_refresh_token_is_rotated_when_used() -> None:
    world = IdentityWorld()
    await an_account(world)
    first = await log_in(world)

    second = await refresh(world, first.refresh_token)

    assert second.refresh_token != first.refresh_token
    assert await refresh(world, second.refresh_token)


async def test_whole_family_is_revoked_when_a_rotated_token_is_reused() -> None:
    world = IdentityWorld()
    await an_account(world)
    first = await log_in(world)
    second = await refresh(world, first.refresh_token)

    with pytest.raises(InvalidTokenError):
        await refresh(world, first.refresh_token)

    with pytest.raises(InvalidTokenError):
        await refresh(world, second.refresh_token)
    assert any(e.kind == "refresh_token_reused" for e in world.security_log.events)


async def test_refresh_is_refused_when_token_expired() -> None:
    world = IdentityWorld()
    await an_account(world)
    pair = await log_in(world)
    world.clock.advance(world.policy.refresh_token_ttl + timedelta(seconds=1))

    with pytest.raises(InvalidTokenError):
        await refresh(world, pair.refresh_token)


async def test_session_ends_when_logging_out() -> None:
    world = IdentityWorld()
    await an_account(world)
    pair = await log_in(world)

    await world.handler(LogOutHandler).handle(LogOut(refresh_token=pair.refresh_token))

    with pytest.raises(InvalidTokenError):
        await refresh(world, pair.refresh_token)


async def test_other_sessions_end_when_password_changes() -> None:
    world = IdentityWorld()
    user = await an_account(world)
    other_device = await log_in(world)

    mine = await world.handler(ChangePasswordHandler).handle(
        ChangePassword(
            actor=world.actor(user.id, role="admin"),
            current_password=STRONG_PASSWORD,
            new_password=OTHER_STRONG_PASSWORD,
        )
    )

    with pytest.raises(InvalidTokenError):
        await refresh(world, other_device.refresh_token)
    assert await refresh(world, mine.refresh_token)
    assert await log_in(world, password=OTHER_STRONG_PASSWORD)


async def test_password_change_is_refused_when_current_password_is_wrong() -> None:
    world = IdentityWorld()
    user = await an_account(world)

    with pytest.raises(WrongCurrentPasswordError):
        await world.handler(ChangePasswordHandler).handle(
            ChangePassword(
                actor=world.actor(user.id),
                current_password=OTHER_STRONG_PASSWORD,
                new_password="completely new phrase 9",
            )
        )


async def test_reset_sets_new_password_and_ends_sessions_when_token_is_valid() -> None:
    world = IdentityWorld()
    await an_account(world)
    session = await log_in(world)
    await world.handler(RequestPasswordResetHandler).handle(
        RequestPasswordReset(email="grace@example.com", client="c")
    )
    token = world.token_mailed_to("grace@example.com")

    await world.handler(ResetPasswordHandler).handle(
        ResetPassword(token=token, new_password=OTHER_STRONG_PASSWORD)
    )

    assert await log_in(world, password=OTHER_STRONG_PASSWORD)
    with pytest.raises(InvalidTokenError):
        await refresh(world, session.refresh_token)


async def test_reset_request_is_silent_when_email_is_unknown() -> None:
    world = IdentityWorld()

    await world.handler(RequestPasswordResetHandler).handle(
        RequestPasswordReset(email="nobody@example.com", client="c")
    )

    assert world.mailer.sent == []


async def test_reset_token_is_hashed_at_rest_when_mailed() -> None:
    world = IdentityWorld()
    await an_account(world)

    await world.handler(RequestPasswordResetHandler).handle(
        RequestPasswordReset(email="grace@example.com", client="c")
    )

    token = world.token_mailed_to("grace@example.com")
    assert token not in repr(world.store.__dict__)


async def test_user_is_not_rewritten_when_a_clean_login_succeeds() -> None:
    world = IdentityWorld()
    await an_account(world)
    async with world.uow() as uow:
        before = await uow.users.get_by_email(EmailAddress.parse("grace@example.com"))

    await log_in(world)

    async with world.uow() as uow:
        after = await uow.users.get_by_email(EmailAddress.parse("grace@example.com"))
    assert before is not None
    assert after is not None
    assert after.version == before.version


async def _change_account(world: IdentityWorld, change: Callable[[User], None]) -> User:
    async with world.uow() as uow:
        user = await uow.users.get_by_email(EmailAddress.parse("grace@example.com"))
        assert user is not None
        change(user)
        await uow.users.save(user)
        await uow.commit()
    return user


async def _stored_account(world: IdentityWorld) -> User:
    async with world.uow() as uow:
        user = await uow.users.get_by_email(EmailAddress.parse("grace@example.com"))
    assert user is not None
    return user


async def test_old_password_is_refused_when_the_password_changes_while_it_is_checked() -> None:
    hasher = GatedHasher()
    world = IdentityWorld(hasher=hasher)
    await an_account(world)
    login = asyncio.create_task(log_in(world))
    await hasher.checking.wait()
    new_hash = await hasher.hash(OTHER_STRONG_PASSWORD)
    await _change_account(world, lambda user: user.change_password(new_hash, now=world.clock.now()))

    hasher.gate.set()

    with pytest.raises(InvalidCredentialsError):
        await login
    assert (await _stored_account(world)).failed_logins == 1


async def test_login_succeeds_when_a_failure_is_counted_while_its_password_is_checked() -> None:
    hasher = GatedHasher()
    world = IdentityWorld(hasher=hasher)
    await an_account(world)
    login = asyncio.create_task(log_in(world))
    await hasher.checking.wait()
    await _change_account(
        world,
        lambda user: user.record_failed_login(now=world.clock.now(), policy=world.policy.lockout),
    )

    hasher.gate.set()

    assert (await login).access_token
    assert (await _stored_account(world)).failed_logins == 0


async def test_login_is_refused_when_the_account_is_suspended_while_it_is_checked() -> None:
    hasher = GatedHasher()
    world = IdentityWorld(hasher=hasher)
    account = await an_account(world)
    login = asyncio.create_task(log_in(world))
    await hasher.checking.wait()
    await _change_account(
        world, lambda user: user.suspend(by=UserId(account.id), now=world.clock.now())
    )

    hasher.gate.set()

    with pytest.raises(InvalidCredentialsError):
        await login
    assert not any(e.kind == "login_succeeded" for e in world.security_log.events)


async def test_failure_is_counted_when_the_account_changes_while_it_is_checked() -> None:
    hasher = GatedHasher()
    world = IdentityWorld(hasher=hasher)
    await an_account(world)
    login = asyncio.create_task(log_in(world, password=OTHER_STRONG_PASSWORD))
    await hasher.checking.wait()
    await _change_account(
        world, lambda user: user.rename(FullName("Amazing Grace"), now=world.clock.now())
    )

    hasher.gate.set()

    with pytest.raises(InvalidCredentialsError):
        await login
    stored = await _stored_account(world)
    assert (stored.failed_logins, stored.full_name.value) == (1, "Amazing Grace")
