"""Which identity events a security team wants to see, as security log records."""

from __future__ import annotations

from collections.abc import Iterable

from application.shared.ports import SecurityEvent, SecurityLog
from domain.identity.events import AccountLocked, PasswordChanged, RoleChanged, UserStatusChanged
from domain.shared.events import DomainEvent


def security_event_of(event: DomainEvent) -> SecurityEvent | None:
    match event:
        case RoleChanged():
            return SecurityEvent(
                kind="role_changed",
                user_id=event.user_id,
                actor_id=event.by,
                detail={"from": event.old_role.value, "to": event.new_role.value},
            )
        case UserStatusChanged():
            return SecurityEvent(
                kind="status_changed",
                user_id=event.user_id,
                actor_id=event.by,
                detail={"from": event.old_status.value, "to": event.new_status.value},
            )
        case AccountLocked():
            return SecurityEvent(
                kind="account_locked",
                user_id=event.user_id,
                detail={"until": event.until.isoformat(), "failures": str(event.failed_attempts)},
            )
        case PasswordChanged():
            return SecurityEvent(kind="password_changed", user_id=event.user_id)
    return None


async def record_security_events(log: SecurityLog, events: Iterable[DomainEvent]) -> None:
    for event in events:
        record = security_event_of(event)
        if record is not None:
            await log.record(record)
