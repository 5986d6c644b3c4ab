"""An admin lists users, filtered and paged newest first."""

from __future__ import annotations

from dataclasses import dataclass

from application.identity.ports import IdentityUnitOfWork, UserFilter
from application.identity.views import UserView
from application.shared.actor import Actor
from application.shared.choices import parse_choice
from application.shared.pagination import DEFAULT_PAGE_SIZE, Page, TimeCursor, check_limit
from domain.identity.values import Role, UserStatus
from domain.shared.errors import InvalidValueError

MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class ListUsers:
    actor: Actor
    role: str | None = None
    status: str | None = None
    email_verified: bool | None = None
    q: str | None = None
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None


class ListUsersHandler:
    """Raises PermissionDeniedError for non-admins, InvalidValueError for bad filters."""

    def __init__(self, *, uow: IdentityUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: ListUsers) -> Page[UserView]:
        query.actor.require_admin()
        limit = check_limit(query.limit)
        user_filter = UserFilter(
            role=parse_choice(Role, query.role, "role"),
            status=parse_choice(UserStatus, query.status, "status"),
            email_verified=query.email_verified,
            text=_search_text(query.q),
        )
        after = None if query.cursor is None else TimeCursor.decode(query.cursor)
        async with self._uow:
            users = await self._uow.users.list(user_filter, after=after, limit=limit + 1)
        page, more = users[:limit], len(users) > limit
        next_cursor = TimeCursor(page[-1].created_at, page[-1].id).encode() if more else None
        return Page([UserView.of(user) for user in page], next_cursor)


def _search_text(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    if len(raw) > MAX_SEARCH_LENGTH:
        raise InvalidValueError("q", f"must be at most {MAX_SEARCH_LENGTH} characters")
    return raw.strip()
