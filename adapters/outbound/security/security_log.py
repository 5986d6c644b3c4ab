"""Where security events go: the structured log in production, a list in tests."""

from __future__ import annotations

import structlog

from application.shared.ports import SecurityEvent, SecurityLog


class StructlogSecurityLog(SecurityLog):
    """One record per event on the ``hexashop.security`` logger, named ``security.<kind>``."""

    def __init__(self) -> None:
        self._logger = structlog.get_logger(logger_name="hexashop.security")

    async def record(self, event: SecurityEvent) -> None:
        self._logger.info(
            f"security.{event.kind}",
            user_id=_text(event.user_id),
            email=event.email,
            actor_id=_text(event.actor_id),
            client=event.client,
            detail=dict(event.detail),
        )


class InMemorySecurityLog(SecurityLog):
    def __init__(self) -> None:
        self.events: list[SecurityEvent] = []

    async def record(self, event: SecurityEvent) -> None:
        self.events.append(event)


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)
