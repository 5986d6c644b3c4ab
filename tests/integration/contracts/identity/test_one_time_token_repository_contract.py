"""The OneTimeTokenRepository contract, for every adapter."""

from __future__ import annotations

import asyncio

import pytest

from domain.identity.errors import UserNotFoundError
from domain.identity.tokens import OneTimePurpose, OneTimeToken
from tests.builders.identity import a_digest, a_one_time_token, a_user, later
from tests.integration.contracts.identity.conftest import CONCURRENT_TASKS, Given, NewUnitOfWork

VERIFY = OneTimePurpose.VERIFY_EMAIL
RESET = OneTimePurpose.RESET_PASSWORD


async def _get(
    new_uow: NewUnitOfWork, token: OneTimeToken, purpose: OneTimePurpose | None = None
) -> OneTimeToken | None:
    async with new_uow() as uow:
        return await uow.one_time_tokens.get_by_digest(token.token_hash, purpose or token.purpose)


async def test_get_by_digest_returns_none_when_the_digest_is_unknown(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        found = await uow.one_time_tokens.get_by_digest(a_digest(), VERIFY)

    assert found is None


async def test_get_by_digest_returns_none_when_the_token_has_another_purpose(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    token = a_one_time_token(user, purpose=RESET)
    await given(user, token)

    found = await _get(new_uow, token, VERIFY)

    assert found is None


async def test_get_by_digest_returns_the_token_when_digest_and_purpose_match(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    token = a_one_time_token(user, purpose=RESET)
    await given(user, token)

    found = await _get(new_uow, token)

    assert found == token


async def test_add_raises_user_not_found_when_the_user_is_unknown(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        with pytest.raises(UserNotFoundError):
            await uow.one_time_tokens.add(a_one_time_token(a_user()))


async def test_save_writes_back_used_at_when_the_token_was_used(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    token = a_one_time_token(user)
    await given(user, token)

    async with new_uow() as uow:
        loaded = await uow.one_time_tokens.get_by_digest(token.token_hash, VERIFY)
        assert loaded is not None
        loaded.use(now=later(minutes=3))
        await uow.one_time_tokens.save(loaded)
        await uow.commit()

    stored = await _get(new_uow, token)
    assert stored is not None
    assert stored.used_at == later(minutes=3)


async def test_use_all_marks_only_the_unused_tokens_of_that_user_and_purpose(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user, someone_else = a_user(), a_user()
    unused = [a_one_time_token(user, purpose=RESET) for _ in range(2)]
    used = a_one_time_token(user, purpose=RESET, used_at=later(minutes=1))
    other_purpose = a_one_time_token(user, purpose=VERIFY)
    other_user = a_one_time_token(someone_else, purpose=RESET)
    await given(user, someone_else, *unused, used, other_purpose, other_user)

    async with new_uow() as uow:
        await uow.one_time_tokens.use_all(user.id, RESET, now=later(minutes=5))
        await uow.commit()

    stored = [await _get(new_uow, t) for t in [*unused, used, other_purpose, other_user]]
    assert [token.used_at for token in stored if token is not None] == [
        later(minutes=5),
        later(minutes=5),
        later(minutes=1),
        None,
        None,
    ]


async def test_only_one_task_finds_the_token_usable_when_ten_use_it_at_once(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    token = a_one_time_token(user)
    await given(user, token)
    now = later(minutes=1)

    async def use() -> bool:
        async with new_uow() as uow:
            loaded = await uow.one_time_tokens.get_by_digest(token.token_hash, VERIFY)
            if loaded is None or not loaded.is_usable(now):
                return False
            loaded.use(now=now)
            await uow.one_time_tokens.save(loaded)
            await uow.commit()
            return True

    outcomes = await asyncio.gather(*(use() for _ in range(CONCURRENT_TASKS)))

    assert outcomes.count(True) == 1
