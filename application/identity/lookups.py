"""Loading the users that use cases act on, with the checks every caller needs."""

from __future__ import annotations

from uuid import UUID

from application.identity.ports import IdentityUnitOfWork
from application.identity.views import UserView
from application.shared.errors import InvalidTokenError
from domain.identity.errors import UserNotFoundError
from domain.identity.user import User
from domain.identity.values import UserId, UserStatus


async def current_user(uow: IdentityUnitOfWork, user_id: UUID) -> User:
    """The acting user; an access token that outlived its account is no longer valid."""
    user = await uow.users.get(UserId(user_id))
    if user is None or not user.is_active:
        raise _no_longer_active()
    return user


async def current_user_view(uow: IdentityUnitOfWork, user_id: UUID) -> UserView:
    """The acting user as they see their profile, with ``current_user``'s check."""
    view = await uow.user_views.active(UserId(user_id))
    if view is None:
        raise _no_longer_active()
    return view


def _no_longer_active() -> InvalidTokenError:
    return InvalidTokenError("this account is no longer active")


async def existing_user(uow: IdentityUnitOfWork, user_id: UUID) -> User:
    """A user an admin manages; deleted users are gone for every purpose."""
    user = await uow.users.get(UserId(user_id))
    if user is None or user.status is UserStatus.DELETED:
        raise UserNotFoundError(user_id)
    return user
