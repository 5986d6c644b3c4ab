"""An admin deletes a user (softly: the row stays for the records, the email is freed)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.identity.admin_guard import keep_an_active_admin
from application.identity.audit import record_security_events
from application.identity.lookups import existing_user
from application.identity.ports import IdentityUnitOfWork
from application.shared.actor import Actor
from application.shared.ports import Clock, SecurityLog
from domain.identity.values import UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteUser:
    actor: Actor
    user_id: UUID


class DeleteUserHandler:
    """Mark the user deleted and end all their sessions.

    Raises:
        PermissionDeniedError: the actor is not an admin.
        UserNotFoundError: no such user, or already deleted.
        LastActiveAdminError: the user is the last active admin.
    """

    def __init__(self, *, uow: IdentityUnitOfWork, security_log: SecurityLog, clock: Clock) -> None:
        self._uow = uow
        self._log = security_log
        self._clock = clock

    async def handle(self, command: DeleteUser) -> None:
        command.actor.require_admin()
        now = self._clock.now()
        async with self._uow:
            user = await existing_user(self._uow, command.user_id)
            was_active_admin = user.is_active_admin
            user.delete(by=UserId(command.actor.user_id), now=now)
            await keep_an_active_admin(self._uow, was_active_admin, user)
            await self._uow.refresh_tokens.revoke_all_for_user(user.id, now=now)
            await self._uow.users.save(user)
            await self._uow.commit()
        await record_security_events(self._log, user.pull_events())
