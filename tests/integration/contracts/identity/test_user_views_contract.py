"""The UserViews contract, for every adapter: a profile read without the aggregate."""

from __future__ import annotations

import pytest

from application.identity.views import UserView
from domain.identity.values import FullName, Role, UserId, UserStatus
from tests.builders.identity import a_user, later
from tests.integration.contracts.identity.conftest import Given, NewUnitOfWork


async def _active(new_uow: NewUnitOfWork, user_id: UserId) -> UserView | None:
    async with new_uow() as uow:
        return await uow.user_views.active(user_id)


async def test_active_shows_the_stored_user_as_their_view_does_when_active(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user(role=Role.ADMIN, email_verified=True, full_name="Ada Lovelace")
    await given(user)
    async with new_uow() as uow:
        stored = await uow.users.get(user.id)
        assert stored is not None
        stored.rename(FullName.parse("Ada King"), now=later(minutes=5))  # updated after created
        await uow.users.save(stored)
        await uow.commit()

    found = await _active(new_uow, user.id)

    async with new_uow() as uow:
        reloaded = await uow.users.get(user.id)
    assert reloaded is not None
    assert found == UserView.of(reloaded)
    assert (found.full_name, found.updated_at) == ("Ada King", later(minutes=5))


@pytest.mark.parametrize("status", [UserStatus.SUSPENDED, UserStatus.DELETED])
async def test_active_returns_none_when_the_account_is_not_active(
    new_uow: NewUnitOfWork, given: Given, status: UserStatus
) -> None:
    user = a_user(status=status)
    await given(user)

    found = await _active(new_uow, user.id)

    assert found is None


async def test_active_returns_none_when_the_id_is_unknown(new_uow: NewUnitOfWork) -> None:
    found = await _active(new_uow, a_user().id)

    assert found is None
