"""The rule that the shop always keeps one active admin."""

from __future__ import annotations

from application.identity.ports import IdentityUnitOfWork
from domain.identity.errors import LastActiveAdminError
from domain.identity.user import User


async def keep_an_active_admin(uow: IdentityUnitOfWork, before: bool, after: User) -> None:
    """Refuse a change that turns the last active admin into anything else.

    ``before`` says whether the user was an active admin when loaded. The count locks
    the active admins, so concurrent demotions are decided one after the other.
    """
    if before and not after.is_active_admin and await uow.users.count_active_admins() <= 1:
        raise LastActiveAdminError
