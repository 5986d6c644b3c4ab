"""The UserRepository contract, for every adapter."""

from __future__ import annotations

import asyncio

import pytest

from application.identity.ports import UserFilter
from application.shared.pagination import TimeCursor
from domain.identity.errors import EmailAlreadyRegisteredError
from domain.identity.user import User
from domain.identity.values import EmailAddress, FullName, Role, UserId, UserStatus
from domain.shared.errors import ConcurrentUpdateError
from tests.builders.identity import a_unique_email, a_user, later
from tests.integration.contracts.identity.conftest import CONCURRENT_TASKS, Given, NewUnitOfWork


async def _get(new_uow: NewUnitOfWork, user_id: UserId) -> User | None:
    async with new_uow() as uow:
        return await uow.users.get(user_id)


async def _list(
    new_uow: NewUnitOfWork,
    user_filter: UserFilter | None = None,
    *,
    after: TimeCursor | None = None,
    limit: int = 100,
) -> list[UserId]:
    async with new_uow() as uow:
        found = await uow.users.list(user_filter or UserFilter(), after=after, limit=limit)
    return [user.id for user in found]


def _fields(user: User) -> dict[str, object]:
    return {name: getattr(user, name) for name in User.__slots__}


async def test_get_returns_none_when_the_id_is_unknown(new_uow: NewUnitOfWork) -> None:
    found = await _get(new_uow, a_user().id)

    assert found is None


async def test_get_returns_the_added_user_when_it_was_committed(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user(role=Role.ADMIN, email_verified=True)
    await given(user)

    found = await _get(new_uow, user.id)

    assert found is not None
    assert _fields(found) == _fields(user)


async def test_get_by_email_returns_none_when_no_user_has_the_email(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    await given(a_user())

    async with new_uow() as uow:
        found = await uow.users.get_by_email(EmailAddress.parse(a_unique_email()))

    assert found is None


async def test_get_by_email_finds_the_user_when_the_email_was_typed_in_another_case(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    email = a_unique_email("Grace.Hopper")
    user = a_user(email=email)
    await given(user)

    async with new_uow() as uow:
        found = await uow.users.get_by_email(EmailAddress.parse(email.upper()))

    assert found is not None
    assert found.id == user.id


async def test_get_by_email_returns_none_when_the_user_is_deleted(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user(status=UserStatus.DELETED)
    await given(user)

    async with new_uow() as uow:
        found = await uow.users.get_by_email(user.email)

    assert found is None


async def test_get_by_email_returns_the_new_user_when_a_deleted_user_had_the_email(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    email = a_unique_email()
    newcomer = a_user(email=email)
    await given(a_user(email=email, status=UserStatus.DELETED), newcomer)

    async with new_uow() as uow:
        found = await uow.users.get_by_email(EmailAddress.parse(email))

    assert found is not None
    assert found.id == newcomer.id


async def test_add_raises_email_already_registered_when_an_active_user_has_the_email(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    email = a_unique_email("ada")
    await given(a_user(email=email))

    async with new_uow() as uow:
        with pytest.raises(EmailAlreadyRegisteredError):
            await uow.users.add(a_user(email=email.upper()))


async def test_add_raises_email_already_registered_when_a_suspended_user_has_the_email(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    email = a_unique_email()
    await given(a_user(email=email, status=UserStatus.SUSPENDED))

    async with new_uow() as uow:
        with pytest.raises(EmailAlreadyRegisteredError):
            await uow.users.add(a_user(email=email))


async def test_add_raises_email_already_registered_when_the_same_transaction_added_the_email(
    new_uow: NewUnitOfWork,
) -> None:
    email = a_unique_email()

    async with new_uow() as uow:
        await uow.users.add(a_user(email=email))
        with pytest.raises(EmailAlreadyRegisteredError):
            await uow.users.add(a_user(email=email))


async def test_add_accepts_the_email_when_the_user_who_had_it_is_deleted(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    email = a_unique_email()
    await given(a_user(email=email, status=UserStatus.DELETED))
    newcomer = a_user(email=email)

    await given(newcomer)

    assert await _get(new_uow, newcomer.id) is not None


async def test_only_one_registration_succeeds_when_ten_tasks_add_the_same_email_at_once(
    new_uow: NewUnitOfWork,
) -> None:
    email = a_unique_email()

    async def register() -> bool:
        try:
            async with new_uow() as uow:
                await uow.users.add(a_user(email=email))
                await uow.commit()
        except EmailAlreadyRegisteredError:
            return False
        return True

    outcomes = await asyncio.gather(*(register() for _ in range(CONCURRENT_TASKS)))

    assert outcomes.count(True) == 1


async def test_save_writes_the_changes_and_increments_the_version_when_the_user_is_current(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    await given(user)

    async with new_uow() as uow:
        loaded = await uow.users.get(user.id)
        assert loaded is not None
        loaded.rename(FullName("Grace Brewster Hopper"), now=later(minutes=1))
        await uow.users.save(loaded)
        await uow.commit()

    stored = await _get(new_uow, user.id)
    assert stored is not None
    assert (stored.full_name.value, stored.updated_at, stored.version) == (
        "Grace Brewster Hopper",
        later(minutes=1),
        user.version + 1,
    )
    assert loaded.version == user.version + 1


async def test_save_succeeds_twice_when_the_same_transaction_saves_one_user_again(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    await given(user)

    async with new_uow() as uow:
        loaded = await uow.users.get(user.id)
        assert loaded is not None
        loaded.verify_email(now=later(minutes=1))
        await uow.users.save(loaded)
        loaded.rename(FullName("Amazing Grace"), now=later(minutes=2))
        await uow.users.save(loaded)
        await uow.commit()

    stored = await _get(new_uow, user.id)
    assert stored is not None
    assert (stored.email_verified, stored.full_name.value, stored.version) == (
        True,
        "Amazing Grace",
        user.version + 2,
    )


async def test_save_raises_concurrent_update_when_the_user_changed_since_it_was_loaded(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    await given(user)
    stale = await _get(new_uow, user.id)
    async with new_uow() as uow:
        fresh = await uow.users.get(user.id)
        assert fresh is not None
        fresh.verify_email(now=later(minutes=1))
        await uow.users.save(fresh)
        await uow.commit()
    assert stale is not None
    stale.rename(FullName("Stale Writer"), now=later(minutes=2))

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.users.save(stale)


async def test_save_raises_concurrent_update_when_the_user_was_never_added(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.users.save(a_user())


async def test_stored_user_is_unchanged_when_a_returned_copy_is_changed_without_save(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    await given(user)

    async with new_uow() as uow:
        loaded = await uow.users.get(user.id)
        assert loaded is not None
        loaded.rename(FullName("Someone Else"), now=later(minutes=1))
        await uow.commit()
    user.rename(FullName("Also Not Stored"), now=later(minutes=2))

    stored = await _get(new_uow, user.id)
    assert stored is not None
    assert stored.full_name.value == "Grace Hopper"


async def test_loaded_user_has_no_pending_events_when_it_was_added_with_events(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    user = a_user()
    await given(user)

    loaded = await _get(new_uow, user.id)

    assert loaded is not None
    assert loaded.pull_events() == []


async def test_list_returns_users_newest_first_when_they_were_created_at_different_times(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    oldest, middle, newest = (a_user(created_at=later(minutes=m)) for m in (1, 2, 3))
    await given(middle, newest, oldest)

    listed = await _list(new_uow)

    assert listed == [newest.id, middle.id, oldest.id]


async def test_list_orders_by_id_descending_when_users_were_created_at_the_same_time(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    users = [a_user(created_at=later(minutes=1)) for _ in range(5)]
    await given(*users)

    listed = await _list(new_uow)

    assert listed == sorted((user.id for user in users), reverse=True)


async def test_list_returns_only_users_after_the_cursor_when_after_is_given(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    users = [a_user(created_at=later(minutes=m % 3)) for m in range(9)]
    await given(*users)
    ordered = sorted(users, key=lambda user: (user.created_at, user.id), reverse=True)
    cursor = TimeCursor(ordered[3].created_at, ordered[3].id)

    listed = await _list(new_uow, after=cursor)

    assert listed == [user.id for user in ordered[4:]]


async def test_list_returns_every_user_once_when_paging_with_the_last_item_as_cursor(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    users = [a_user(created_at=later(minutes=m % 4)) for m in range(11)]
    await given(*users)
    pages: list[list[UserId]] = []
    cursor: TimeCursor | None = None

    while True:
        async with new_uow() as uow:
            page = await uow.users.list(UserFilter(), after=cursor, limit=3)
        if not page:
            break
        pages.append([user.id for user in page])
        cursor = TimeCursor(page[-1].created_at, page[-1].id)

    expected = sorted(users, key=lambda user: (user.created_at, user.id), reverse=True)
    assert [len(page) for page in pages] == [3, 3, 3, 2]
    assert [user_id for page in pages for user_id in page] == [user.id for user in expected]


async def test_list_returns_at_most_limit_users_when_more_match(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    users = [a_user(created_at=later(minutes=m)) for m in range(5)]
    await given(*users)

    listed = await _list(new_uow, limit=2)

    assert listed == [users[4].id, users[3].id]


async def test_list_returns_only_admins_when_filtered_by_role(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    admin = a_user(role=Role.ADMIN)
    await given(a_user(), admin, a_user())

    listed = await _list(new_uow, UserFilter(role=Role.ADMIN))

    assert listed == [admin.id]


async def test_list_returns_only_suspended_users_when_filtered_by_status(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    suspended = a_user(status=UserStatus.SUSPENDED)
    await given(a_user(), suspended, a_user(status=UserStatus.DELETED))

    listed = await _list(new_uow, UserFilter(status=UserStatus.SUSPENDED))

    assert listed == [suspended.id]


async def test_list_returns_only_unverified_users_when_filtered_by_email_verified_false(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    unverified = a_user(email_verified=False)
    await given(a_user(email_verified=True), unverified)

    listed = await _list(new_uow, UserFilter(email_verified=False))

    assert listed == [unverified.id]


async def test_list_returns_users_whose_email_contains_the_text_in_any_case(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    match = a_user(email=a_unique_email("marie.curie"))
    await given(match, a_user(email=a_unique_email("pierre")))

    listed = await _list(new_uow, UserFilter(text="MARIE.CU"))

    assert listed == [match.id]


async def test_list_returns_users_whose_full_name_contains_the_text_in_any_case(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    match = a_user(full_name="Katherine Johnson")
    await given(match, a_user(full_name="Dorothy Vaughan"))

    listed = await _list(new_uow, UserFilter(text="rine joh"))

    assert listed == [match.id]


async def test_list_matches_percent_and_underscore_literally_when_they_are_in_the_text(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    match = a_user(email=a_unique_email("first_last"), full_name="Fifty % Off")
    await given(match, a_user(email=a_unique_email("firstxlast"), full_name="Fifty Pct Off"))

    by_underscore = await _list(new_uow, UserFilter(text="first_"))
    by_percent = await _list(new_uow, UserFilter(text="y % o"))

    assert (by_underscore, by_percent) == ([match.id], [match.id])


async def test_list_applies_every_filter_when_several_are_given(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    match = a_user(role=Role.ADMIN, email_verified=True, full_name="Ada Admin")
    await given(
        match,
        a_user(role=Role.ADMIN, email_verified=False, full_name="Ada Admin"),
        a_user(role=Role.USER, email_verified=True, full_name="Ada Admin"),
        a_user(role=Role.ADMIN, email_verified=True, full_name="Bob Admin"),
        a_user(role=Role.ADMIN, email_verified=True, status=UserStatus.SUSPENDED),
    )

    listed = await _list(
        new_uow,
        UserFilter(role=Role.ADMIN, status=UserStatus.ACTIVE, email_verified=True, text="ada"),
    )

    assert listed == [match.id]


async def test_count_active_admins_counts_only_admins_that_are_active(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    await given(
        a_user(role=Role.ADMIN),
        a_user(role=Role.ADMIN),
        a_user(role=Role.ADMIN, status=UserStatus.SUSPENDED),
        a_user(role=Role.ADMIN, status=UserStatus.DELETED),
        a_user(role=Role.USER),
    )

    async with new_uow() as uow:
        count = await uow.users.count_active_admins()

    assert count == 2


async def test_one_demotion_is_refused_when_two_admins_are_demoted_concurrently(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, second = a_user(role=Role.ADMIN), a_user(role=Role.ADMIN)
    await given(first, second)
    first_counted = asyncio.Event()

    async def demote(admin: User, *, after: asyncio.Event | None = None) -> bool:
        """Demote unless that leaves no active admin; True when it demoted."""
        if after is not None:
            await after.wait()
        async with new_uow() as uow:
            admins = await uow.users.count_active_admins()
            first_counted.set()
            if admins <= 1:
                return False
            loaded = await uow.users.get(admin.id)
            assert loaded is not None
            loaded.change_role(Role.USER, by=admin.id, now=later(minutes=1))
            await uow.users.save(loaded)
            await uow.commit()
            return True

    outcomes = await asyncio.gather(demote(first), demote(second, after=first_counted))

    assert outcomes == [True, False]
    async with new_uow() as uow:
        assert await uow.users.count_active_admins() == 1
