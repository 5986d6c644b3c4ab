"""A clock that stands still until a test moves it."""

from __future__ import annotations

from datetime import datetime, timedelta

from application.shared.ports import Clock


class FixedClock(Clock):
    def __init__(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("the clock tells aware UTC time; give it an aware datetime")
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta
