"""An admin changes a user's role or standing (suspend, reactivate)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.identity.admin_guard import keep_an_active_admin
from application.identity.audit import record_security_events
from application.identity.lookups import existing_user
from application.identity.ports import IdentityUnitOfWork
from application.identity.views import UserView
from application.shared.actor import Actor
from application.shared.choices import parse_choice
from application.shared.ports import Clock, SecurityLog
from domain.identity.values import Role, UserId, UserStatus
from domain.shared.errors import InvalidValueError


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateUser:
    actor: Actor
    user_id: UUID
    role: str | None = None
    status: str | None = None


class UpdateUserHandler:
    """Apply a role and/or status change; suspension ends all of the user's sessions.

    Raises:
        PermissionDeniedError: the actor is not an admin.
        UserNotFoundError: no such user (or deleted).
        InvalidValueError: unknown role, or a status other than active/suspended.
        IllegalUserTransitionError, LastActiveAdminError: the change is not allowed.
    """

    def __init__(self, *, uow: IdentityUnitOfWork, security_log: SecurityLog, clock: Clock) -> None:
        self._uow = uow
        self._log = security_log
        self._clock = clock

    async def handle(self, command: UpdateUser) -> UserView:
        command.actor.require_admin()
        role = parse_choice(Role, command.role, "role")
        status = parse_choice(UserStatus, command.status, "status")
        if status is UserStatus.DELETED:
            raise InvalidValueError("status", "use DELETE to delete a user")
        now, by = self._clock.now(), UserId(command.actor.user_id)
        async with self._uow:
            user = await existing_user(self._uow, command.user_id)
            was_active_admin = user.is_active_admin
            if role is not None:
                user.change_role(role, by=by, now=now)
            if status is UserStatus.SUSPENDED:
                user.suspend(by=by, now=now)
                await self._uow.refresh_tokens.revoke_all_for_user(user.id, now=now)
            elif status is UserStatus.ACTIVE:
                user.reactivate(by=by, now=now)
            await keep_an_active_admin(self._uow, was_active_admin, user)
            await self._uow.users.save(user)
            await self._uow.commit()
        await record_security_events(self._log, user.pull_events())
        return UserView.of(user)
