"""EventRecorder: an aggregate collects events until the application pulls them."""

from dataclasses import FrozenInstanceError, dataclass
from datetime import UTC, datetime

import pytest

from domain.shared.events import DomainEvent, EventRecorder

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThingHappened(DomainEvent):
    number: int


class Thing(EventRecorder):
    __slots__ = ()

    def happen(self, number: int) -> None:
        self._record(ThingHappened(occurred_at=T0, number=number))


def test_no_events_are_returned_when_nothing_was_recorded() -> None:
    thing = Thing()

    events = thing.pull_events()

    assert events == []


def test_events_are_returned_in_order_when_pulled() -> None:
    thing = Thing()
    thing.happen(1)
    thing.happen(2)

    events = thing.pull_events()

    assert events == [
        ThingHappened(occurred_at=T0, number=1),
        ThingHappened(occurred_at=T0, number=2),
    ]


def test_events_are_forgotten_when_pulled_once() -> None:
    thing = Thing()
    thing.happen(1)
    thing.pull_events()

    events = thing.pull_events()

    assert events == []


def test_pulled_list_is_unchanged_when_more_events_are_recorded_later() -> None:
    thing = Thing()
    thing.happen(1)
    first = thing.pull_events()

    thing.happen(2)

    assert first == [ThingHappened(occurred_at=T0, number=1)]


def test_frozen_instance_error_is_raised_when_changing_an_event() -> None:
    event = ThingHappened(occurred_at=T0, number=1)

    with pytest.raises(FrozenInstanceError):
        event.number = 2  # type: ignore[misc]
