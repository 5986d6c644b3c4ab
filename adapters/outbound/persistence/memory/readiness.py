"""Readiness of in-memory storage: always ready, nothing to reach."""

from __future__ import annotations

from application.shared.ports import ReadinessProbe


class InMemoryReadinessProbe(ReadinessProbe):
    async def check(self) -> None:
        return None
