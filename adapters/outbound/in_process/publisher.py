"""The in-process bus: integration messages go straight to subscriber callables."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from application.ordering.ports import MessagePublisher, OutboxMessage
from application.shared.errors import DependencyUnavailableError

# A subscriber receives the message as a broker would carry it, a JSON object:
# {"id", "topic", "occurred_at", "payload"}.
Subscriber = Callable[[dict[str, Any]], Awaitable[None]]


def envelope_of(message: OutboxMessage) -> dict[str, Any]:
    """The message as JSON would carry it: a fresh object, so no subscriber shares it."""
    envelope = {
        "id": str(message.id),
        "topic": message.topic,
        "occurred_at": message.occurred_at.isoformat(),
        "payload": message.payload,
    }
    decoded: dict[str, Any] = json.loads(json.dumps(envelope))
    return decoded


class InProcessPublisher(MessagePublisher):
    """Hands each message to every subscriber of its topic, one after another; a message
    of a topic without subscribers is simply accepted. A subscriber that raises makes the
    publish fail with DependencyUnavailableError, so the relay tries the message again
    later: subscribers must be idempotent, and must swallow what a retry cannot cure.
    """

    def __init__(self) -> None:
        self._subscribers: dict[str, list[Subscriber]] = {}

    def subscribe(self, topic: str, subscriber: Subscriber) -> None:
        self._subscribers.setdefault(topic, []).append(subscriber)

    async def publish(self, message: OutboxMessage) -> None:
        for subscriber in self._subscribers.get(message.topic, []):
            try:
                await subscriber(envelope_of(message))
            except Exception as error:
                raise DependencyUnavailableError(f"a subscriber of {message.topic}") from error
