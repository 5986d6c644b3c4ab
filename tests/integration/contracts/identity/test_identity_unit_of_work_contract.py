"""The IdentityUnitOfWork contract, for every adapter."""

from __future__ import annotations

import pytest

from domain.identity.values import FullName, UserId
from tests.builders.identity import a_refresh_token, a_user, later
from tests.integration.contracts.identity.conftest import Given, NewUnitOfWork


class _BoomError(Exception):
    pass


async def _exists(new_uow: NewUnitOfWork, user_id: UserId) -> bool:
    async with new_uow() as uow:
        return await uow.users.get(user_id) is not None


async def test_changes_are_visible_to_later_units_of_work_when_committed(
    new_uow: NewUnitOfWork,
) -> None:
    user = a_user()

    async with new_uow() as uow:
        await uow.users.add(user)
        await uow.commit()

    assert await _exists(new_uow, user.id)


async def test_changes_are_discarded_when_the_block_ends_without_commit(
    new_uow: NewUnitOfWork,
) -> None:
    user = a_user()

    async with new_uow() as uow:
        await uow.users.add(user)

    assert not await _exists(new_uow, user.id)


async def test_changes_are_discarded_when_the_block_raises_before_commit(
    new_uow: NewUnitOfWork,
) -> None:
    user = a_user()

    async def add_then_fail() -> None:
        async with new_uow() as uow:
            await uow.users.add(user)
            raise _BoomError

    with pytest.raises(_BoomError):
        await add_then_fail()

    assert not await _exists(new_uow, user.id)


async def test_every_repository_rolls_back_when_the_block_ends_without_commit(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    await given(user)
    token = a_refresh_token(user)

    async with new_uow() as uow:
        loaded = await uow.users.get(user.id)
        assert loaded is not None
        loaded.rename(FullName("Never Saved"), now=later(minutes=1))
        await uow.users.save(loaded)
        await uow.refresh_tokens.add(token)

    async with new_uow() as uow:
        stored_user = await uow.users.get(user.id)
        stored_token = await uow.refresh_tokens.get_by_digest(token.token_hash)
    assert stored_user is not None
    assert (stored_user.full_name.value, stored_token) == ("Grace Hopper", None)


async def test_changes_after_a_commit_are_discarded_when_not_committed_again(
    new_uow: NewUnitOfWork,
) -> None:
    committed, uncommitted = a_user(), a_user()

    async with new_uow() as uow:
        await uow.users.add(committed)
        await uow.commit()
        await uow.users.add(uncommitted)

    assert (await _exists(new_uow, committed.id), await _exists(new_uow, uncommitted.id)) == (
        True,
        False,
    )


async def test_reads_see_the_transactions_own_writes_when_not_yet_committed(
    new_uow: NewUnitOfWork,
) -> None:
    user = a_user()

    async with new_uow() as uow:
        await uow.users.add(user)
        found = await uow.users.get_by_email(user.email)

    assert found is not None
    assert found.id == user.id


async def test_one_unit_of_work_runs_consecutive_transactions_when_entered_again(
    new_uow: NewUnitOfWork,
) -> None:
    uow = new_uow()
    first, second = a_user(), a_user()

    async with uow:
        await uow.users.add(first)
        await uow.commit()
    async with uow:
        await uow.users.add(second)
        await uow.commit()

    assert (await _exists(new_uow, first.id), await _exists(new_uow, second.id)) == (True, True)


async def test_entering_raises_runtime_error_when_the_unit_of_work_is_already_open(
    new_uow: NewUnitOfWork,
) -> None:
    uow = new_uow()

    async with uow:
        with pytest.raises(RuntimeError):
            await uow.__aenter__()


async def test_repository_raises_runtime_error_when_used_outside_the_block(
    new_uow: NewUnitOfWork,
) -> None:
    uow = new_uow()

    with pytest.raises(RuntimeError):
        await uow.users.get(a_user().id)
