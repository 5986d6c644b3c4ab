from __future__ import annotations

from uuid import uuid4

import structlog

from adapters.outbound.security.security_log import InMemorySecurityLog, StructlogSecurityLog
from application.shared.ports import SecurityEvent


async def test_writes_one_record_with_every_field_when_an_event_is_recorded() -> None:
    user_id, actor_id = uuid4(), uuid4()
    event = SecurityEvent(
        kind="role_changed",
        user_id=user_id,
        email="ada@example.com",
        actor_id=actor_id,
        client="203.0.113.7",
        detail={"old_role": "user", "new_role": "admin"},
    )

    with structlog.testing.capture_logs() as records:
        await StructlogSecurityLog().record(event)

    assert records == [
        {
            "event": "security.role_changed",
            "log_level": "info",
            "logger_name": "hexashop.security",
            "user_id": str(user_id),
            "email": "ada@example.com",
            "actor_id": str(actor_id),
            "client": "203.0.113.7",
            "detail": {"old_role": "user", "new_role": "admin"},
        }
    ]


async def test_keeps_events_in_order_when_recorded_in_memory() -> None:
    log = InMemorySecurityLog()
    first, second = SecurityEvent(kind="login_failed"), SecurityEvent(kind="account_locked")

    await log.record(first)
    await log.record(second)

    assert log.events == [first, second]
