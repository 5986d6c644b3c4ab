"""The base of domain events and the mixin that lets an aggregate collect them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainEvent:
    """Something that happened, named in the past tense, with when it happened."""

    occurred_at: datetime


class EventRecorder:
    """Collects the events an aggregate raises until the application takes them."""

    __slots__ = ("_events",)

    def __init__(self) -> None:
        self._events: list[DomainEvent] = []

    def _record(self, event: DomainEvent) -> None:
        self._events.append(event)

    def pull_events(self) -> list[DomainEvent]:
        """Return the events recorded so far and forget them."""
        events, self._events = self._events, []
        return events
