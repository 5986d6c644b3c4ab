"""The in-process bus: integration messages go straight to subscriber callables."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from itertools import groupby
from typing import Any, Protocol, runtime_checkable

import structlog

from application.ordering.ports import MessagePublisher, OutboxMessage
from application.shared.errors import DependencyUnavailableError

# A subscriber receives the message as a broker would carry it, a JSON object:
# {"id", "topic", "occurred_at", "payload"}.
Subscriber = Callable[[dict[str, Any]], Awaitable[None]]

_log = structlog.get_logger(logger_name="hexashop.messaging")


@runtime_checkable
class BatchSubscriber(Protocol):
    """A subscriber that can also take several messages of its topic in one call (in
    their outbox order), so it may handle them in one transaction."""

    async def __call__(self, envelope: dict[str, Any]) -> None: ...

    async def many(self, envelopes: list[dict[str, Any]]) -> None: ...


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

    ``publish_many`` skips the messages nobody subscribes to and publishes the others in
    order, except that a run of consecutive messages of a topic with a BatchSubscriber
    goes to each subscriber of the topic as a whole: at once to the BatchSubscriber, one
    by one to the others. Such a run is accepted when every subscriber took it; when one
    fails, no message from the run's start on is.
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

    async def publish_many(self, messages: Sequence[OutboxMessage]) -> int:
        wanted = [(i, m) for i, m in enumerate(messages) if self._subscribers.get(m.topic)]
        for topic, run in groupby(wanted, key=lambda pair: pair[1].topic):
            positions, batch = zip(*run, strict=True)
            subscribers = self._subscribers[topic]
            if len(batch) > 1 and any(isinstance(s, BatchSubscriber) for s in subscribers):
                try:
                    for subscriber in subscribers:
                        await _deliver(subscriber, batch)
                except Exception:  # the run stays unpublished, to be delivered again
                    _log.warning("messaging.delivery_failed", topic=topic, exc_info=True)
                    return int(positions[0])
                continue
            for position, message in zip(positions, batch, strict=True):
                try:
                    await self.publish(message)
                except DependencyUnavailableError:
                    _log.warning("messaging.delivery_failed", topic=topic, exc_info=True)
                    return int(position)
        return len(messages)


async def _deliver(subscriber: Subscriber, messages: Sequence[OutboxMessage]) -> None:
    if isinstance(subscriber, BatchSubscriber):
        await subscriber.many([envelope_of(message) for message in messages])
        return
    for message in messages:
        await subscriber(envelope_of(message))
