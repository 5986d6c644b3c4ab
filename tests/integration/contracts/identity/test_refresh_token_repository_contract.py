"""The RefreshTokenRepository contract, for every adapter."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from domain.identity.errors import UserNotFoundError
from domain.identity.tokens import RefreshToken, RefreshTokenState
from domain.identity.user import User
from domain.identity.values import UserId
from domain.shared.errors import ConcurrentUpdateError
from tests.builders.identity import a_digest, a_family_id, a_refresh_token, a_user, later
from tests.integration.contracts.identity.conftest import CONCURRENT_TASKS, Given, NewUnitOfWork

HELD_STATEMENTS = 50


async def _get(new_uow: NewUnitOfWork, digest: str) -> RefreshToken | None:
    async with new_uow() as uow:
        return await uow.refresh_tokens.get_by_digest(digest)


async def _change(new_uow: NewUnitOfWork, user_id: UserId, change: Callable[[User], None]) -> None:
    async with new_uow() as uow:
        loaded = await uow.users.get(user_id)
        assert loaded is not None
        change(loaded)
        await uow.users.save(loaded)
        await uow.commit()


async def test_get_by_digest_returns_none_when_the_digest_is_unknown(
    new_uow: NewUnitOfWork,
) -> None:
    found = await _get(new_uow, a_digest())

    assert found is None


async def test_get_by_digest_returns_the_token_when_it_was_added(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    token = a_refresh_token(user)
    await given(user, token)

    found = await _get(new_uow, token.token_hash)

    assert found == token


async def test_add_raises_user_not_found_when_the_user_is_unknown(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        with pytest.raises(UserNotFoundError):
            await uow.refresh_tokens.add(a_refresh_token(a_user()))


async def test_add_stores_the_token_when_the_user_is_at_the_version_given(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    await given(user)
    token = a_refresh_token(user)

    async with new_uow() as uow:
        await uow.refresh_tokens.add(token, user_version=user.version)
        await uow.commit()

    assert await _get(new_uow, token.token_hash) == token


async def test_add_raises_concurrent_update_when_the_user_changed_since_the_version_given(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    await given(user)
    await _change(new_uow, user.id, lambda loaded: loaded.verify_email(now=later(minutes=1)))
    token = a_refresh_token(user)

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.refresh_tokens.add(token, user_version=user.version)
        await uow.commit()

    assert await _get(new_uow, token.token_hash) is None


async def test_add_raises_concurrent_update_when_a_version_is_given_for_an_unknown_user(
    new_uow: NewUnitOfWork,
) -> None:
    user = a_user()

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.refresh_tokens.add(a_refresh_token(user), user_version=user.version)


async def test_token_is_revoked_when_a_password_change_races_its_add_for_the_old_version(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    await given(user)
    token = a_refresh_token(user)
    added = asyncio.Event()

    async def log_in() -> None:
        async with new_uow() as uow:
            await uow.refresh_tokens.add(token, user_version=user.version)
            added.set()
            # Statements of its own before it commits: a change that did not wait for this
            # unit of work would meanwhile revoke, before the token is there to see.
            for _ in range(HELD_STATEMENTS):
                await uow.users.get(user.id)
            await uow.commit()

    async def change_password() -> None:
        """As ChangePasswordHandler does: save the user, then revoke its sessions."""
        await added.wait()
        async with new_uow() as uow:
            loaded = await uow.users.get(user.id)
            assert loaded is not None
            loaded.change_password("$argon2id$new", now=later(minutes=1))
            await uow.users.save(loaded)
            await uow.refresh_tokens.revoke_all_for_user(user.id, now=later(minutes=1))
            await uow.commit()

    await asyncio.gather(log_in(), change_password())

    stored = await _get(new_uow, token.token_hash)
    assert stored is not None
    assert stored.revoked_at == later(minutes=1)


async def test_save_writes_back_rotation_and_revocation_when_the_token_was_loaded(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    token = a_refresh_token(user)
    await given(user, token)

    async with new_uow() as uow:
        loaded = await uow.refresh_tokens.get_by_digest(token.token_hash)
        assert loaded is not None
        loaded.rotate(now=later(minutes=1))
        loaded.revoke(now=later(minutes=2))
        await uow.refresh_tokens.save(loaded)
        await uow.commit()

    stored = await _get(new_uow, token.token_hash)
    assert stored is not None
    assert (stored.rotated_at, stored.revoked_at) == (later(minutes=1), later(minutes=2))


async def test_only_one_task_sees_the_token_valid_when_ten_rotate_it_at_once(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    token = a_refresh_token(user)
    await given(user, token)
    now = later(minutes=1)

    async def rotate() -> RefreshTokenState:
        async with new_uow() as uow:
            loaded = await uow.refresh_tokens.get_by_digest(token.token_hash)
            assert loaded is not None
            state = loaded.state(now)
            if state is RefreshTokenState.VALID:
                loaded.rotate(now=now)
                await uow.refresh_tokens.save(loaded)
                await uow.commit()
            return state

    states = await asyncio.gather(*(rotate() for _ in range(CONCURRENT_TASKS)))

    assert (states.count(RefreshTokenState.VALID), states.count(RefreshTokenState.REUSED)) == (
        1,
        CONCURRENT_TASKS - 1,
    )


async def test_revoke_family_revokes_the_family_and_counts_when_some_were_revoked_before(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    family = a_family_id()
    live = [a_refresh_token(user, family_id=family) for _ in range(3)]
    revoked = a_refresh_token(user, family_id=family, revoked_at=later(minutes=1))
    await given(user, *live, revoked)

    async with new_uow() as uow:
        count = await uow.refresh_tokens.revoke_family(family, now=later(minutes=5))
        await uow.commit()

    stored = [await _get(new_uow, token.token_hash) for token in [*live, revoked]]
    assert count == 3
    assert [token.revoked_at for token in stored if token is not None] == [
        later(minutes=5),
        later(minutes=5),
        later(minutes=5),
        later(minutes=1),
    ]


async def test_revoke_family_leaves_other_families_valid_when_the_user_has_several(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    family = a_family_id()
    other = a_refresh_token(user)
    await given(user, a_refresh_token(user, family_id=family), other)

    async with new_uow() as uow:
        await uow.refresh_tokens.revoke_family(family, now=later(minutes=5))
        await uow.commit()

    stored = await _get(new_uow, other.token_hash)
    assert stored is not None
    assert stored.revoked_at is None


async def test_revoke_all_for_user_revokes_only_that_users_live_tokens_and_counts_them(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user, someone_else = a_user(), a_user()
    own = [a_refresh_token(user) for _ in range(2)]
    already = a_refresh_token(user, revoked_at=later(minutes=1))
    theirs = a_refresh_token(someone_else)
    await given(user, someone_else, *own, already, theirs)

    async with new_uow() as uow:
        count = await uow.refresh_tokens.revoke_all_for_user(user.id, now=later(minutes=5))
        await uow.commit()

    stored = [await _get(new_uow, token.token_hash) for token in [*own, already, theirs]]
    assert count == 2
    assert [token.revoked_at for token in stored if token is not None] == [
        later(minutes=5),
        later(minutes=5),
        later(minutes=1),
        None,
    ]


async def test_revoke_all_for_user_spares_the_kept_family_when_keep_family_is_given(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    current = a_refresh_token(user)
    others = [a_refresh_token(user) for _ in range(2)]
    await given(user, current, *others)

    async with new_uow() as uow:
        count = await uow.refresh_tokens.revoke_all_for_user(
            user.id, now=later(minutes=5), keep_family=current.family_id
        )
        await uow.commit()

    kept = await _get(new_uow, current.token_hash)
    assert count == 2
    assert kept is not None
    assert kept.revoked_at is None
