from __future__ import annotations

import logging
from collections.abc import Iterator
from uuid import uuid4

import pytest
import structlog

from adapters.outbound.security.security_log import InMemorySecurityLog, StructlogSecurityLog
from application.shared.ports import SecurityEvent


@pytest.fixture
def stdlib_structlog() -> Iterator[None]:
    previous = structlog.get_config()
    structlog.configure(
        processors=[structlog.processors.KeyValueRenderer(sort_keys=True)],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    yield
    structlog.configure(**previous)


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
            "user_id": str(user_id),
            "email": "ada@example.com",
            "actor_id": str(actor_id),
            "client": "203.0.113.7",
            "detail": {"old_role": "user", "new_role": "admin"},
        }
    ]


@pytest.mark.usefixtures("stdlib_structlog")
async def test_logs_through_the_hexashop_security_logger_when_structlog_uses_logging(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="hexashop.security")

    await StructlogSecurityLog().record(SecurityEvent(kind="login_failed", email="a@b.example"))

    assert [record.name for record in caplog.records] == ["hexashop.security"]
    assert "event='security.login_failed'" in caplog.records[0].getMessage()


async def test_keeps_events_in_order_when_recorded_in_memory() -> None:
    log = InMemorySecurityLog()
    first, second = SecurityEvent(kind="login_failed"), SecurityEvent(kind="account_locked")

    await log.record(first)
    await log.record(second)

    assert log.events == [first, second]
