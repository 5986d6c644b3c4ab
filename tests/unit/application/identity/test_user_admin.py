from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from application.identity.commands.create_admin import CreateAdmin, CreateAdminHandler
from application.identity.commands.delete_user import DeleteUser, DeleteUserHandler
from application.identity.commands.log_in import LogIn, LogInHandler
from application.identity.commands.refresh_session import RefreshSession, RefreshSessionHandler
from application.identity.commands.register_user import RegisterUser, RegisterUserHandler
from application.identity.commands.update_user import UpdateUser, UpdateUserHandler
from application.identity.queries.get_user import GetUser, GetUserHandler
from application.identity.queries.list_users import ListUsers, ListUsersHandler
from application.identity.views import UserView
from application.shared.actor import Actor
from application.shared.errors import InvalidTokenError, PermissionDeniedError
from domain.identity.errors import LastActiveAdminError, UserNotFoundError
from domain.shared.errors import InvalidValueError
from tests.builders.identity_world import STRONG_PASSWORD, IdentityWorld


async def an_admin(world: IdentityWorld, email: str = "root@example.com") -> Actor:
    view = await world.handler(CreateAdminHandler).handle(
        CreateAdmin(email=email, password=STRONG_PASSWORD, full_name="Root")
    )
    return world.actor(view.id, role="admin")


async def a_customer(world: IdentityWorld, email: str = "carol@example.com") -> UserView:
    return await world.handler(RegisterUserHandler).handle(
        RegisterUser(
            email=email,
            password=STRONG_PASSWORD,
            full_name=email.split("@", maxsplit=1)[0],
            client=email,
        )
    )


async def test_customer_is_refused_when_listing_users() -> None:
    world = IdentityWorld()
    carol = await a_customer(world)

    with pytest.raises(PermissionDeniedError):
        await world.handler(ListUsersHandler).handle(ListUsers(actor=world.actor(carol.id)))


async def test_pages_cover_every_user_once_when_following_cursors() -> None:
    world = IdentityWorld()
    admin = await an_admin(world)
    for n in range(7):
        await a_customer(world, f"user{n}@example.com")
        world.clock.advance(timedelta(seconds=1))
    handler = world.handler(ListUsersHandler)

    seen: list[str] = []
    cursor = None
    while True:
        page = await handler.handle(ListUsers(actor=admin, limit=3, cursor=cursor))
        seen.extend(user.email for user in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    assert len(seen) == 8
    assert len(set(seen)) == 8
    assert seen[0] == "user6@example.com"


async def test_only_matching_users_are_listed_when_filtering_by_text_and_role() -> None:
    world = IdentityWorld()
    admin = await an_admin(world)
    await a_customer(world, "carol@example.com")
    await a_customer(world, "dave@example.com")

    page = await world.handler(ListUsersHandler).handle(
        ListUsers(actor=admin, q="CAROL", role="user")
    )

    assert [user.email for user in page.items] == ["carol@example.com"]


async def test_bad_filter_names_its_field_when_listing_users() -> None:
    world = IdentityWorld()
    admin = await an_admin(world)

    with pytest.raises(InvalidValueError) as caught:
        await world.handler(ListUsersHandler).handle(ListUsers(actor=admin, role="owner"))

    assert caught.value.field == "role"


async def test_sessions_end_when_user_is_suspended() -> None:
    world = IdentityWorld()
    admin = await an_admin(world)
    carol = await a_customer(world)
    pair = await world.handler(LogInHandler).handle(
        LogIn(email="carol@example.com", password=STRONG_PASSWORD, client="c")
    )

    view = await world.handler(UpdateUserHandler).handle(
        UpdateUser(actor=admin, user_id=carol.id, status="suspended")
    )

    assert view.status == "suspended"
    with pytest.raises(InvalidTokenError):
        await world.handler(RefreshSessionHandler).handle(
            RefreshSession(refresh_token=pair.refresh_token, client="c")
        )
    assert any(e.kind == "status_changed" for e in world.security_log.events)


async def test_last_active_admin_cannot_be_demoted() -> None:
    world = IdentityWorld()
    admin = await an_admin(world)

    with pytest.raises(LastActiveAdminError):
        await world.handler(UpdateUserHandler).handle(
            UpdateUser(actor=admin, user_id=admin.user_id, role="user")
        )


async def test_last_active_admin_cannot_be_deleted() -> None:
    world = IdentityWorld()
    admin = await an_admin(world)

    with pytest.raises(LastActiveAdminError):
        await world.handler(DeleteUserHandler).handle(
            DeleteUser(actor=admin, user_id=admin.user_id)
        )


async def test_one_admin_remains_when_two_admins_demote_each_other_at_once() -> None:
    world = IdentityWorld()
    first = await an_admin(world, "first@example.com")
    second = await an_admin(world, "second@example.com")

    results = await asyncio.gather(
        world.handler(UpdateUserHandler).handle(
            UpdateUser(actor=first, user_id=second.user_id, role="user")
        ),
        world.handler(UpdateUserHandler).handle(
            UpdateUser(actor=second, user_id=first.user_id, role="user")
        ),
        return_exceptions=True,
    )

    assert sorted(type(r).__name__ for r in results) == ["LastActiveAdminError", "UserView"]


async def test_deleted_user_is_not_found_and_can_register_again() -> None:
    world = IdentityWorld()
    admin = await an_admin(world)
    carol = await a_customer(world)

    await world.handler(DeleteUserHandler).handle(DeleteUser(actor=admin, user_id=carol.id))

    with pytest.raises(UserNotFoundError):
        await world.handler(GetUserHandler).handle(GetUser(actor=admin, user_id=carol.id))
    again = await a_customer(world)
    assert again.id != carol.id
