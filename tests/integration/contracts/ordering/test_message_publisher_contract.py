"""The MessagePublisher contract, for every adapter: what goes in comes out, or it raises.

Each adapter's factory gives the publisher and a way to subscribe to a topic as its
consumers would (the in-process bus: a callable registered on it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from adapters.outbound.in_process.publisher import InProcessPublisher, Subscriber
from application.ordering.ports import MessagePublisher
from application.shared.errors import DependencyUnavailableError
from tests.builders.ordering import an_outbox_message


@dataclass(frozen=True, slots=True)
class PublisherUnderTest:
    publisher: MessagePublisher
    subscribe: Callable[[str, Subscriber], None]


def _in_process() -> PublisherUnderTest:
    publisher = InProcessPublisher()
    return PublisherUnderTest(publisher=publisher, subscribe=publisher.subscribe)


@pytest.fixture(params=[_in_process], ids=["in_process"])
def under_test(request: pytest.FixtureRequest) -> PublisherUnderTest:
    factory: Callable[[], PublisherUnderTest] = request.param
    return factory()


class _SubscriberError(Exception):
    pass


async def test_a_subscriber_receives_the_message_as_json_when_it_is_published(
    under_test: PublisherUnderTest,
) -> None:
    received: list[dict[str, Any]] = []

    async def record(envelope: dict[str, Any]) -> None:
        received.append(envelope)

    under_test.subscribe("ordering.order_paid.v1", record)
    message = an_outbox_message(
        "ordering.order_paid.v1", payload={"order_id": "o-1", "amount_cents": 12, "by": None}
    )

    await under_test.publisher.publish(message)
    await under_test.publisher.publish(an_outbox_message("ordering.order_shipped.v1"))

    assert received == [
        {
            "id": str(message.id),
            "topic": "ordering.order_paid.v1",
            "occurred_at": message.occurred_at.isoformat(),
            "payload": {"order_id": "o-1", "amount_cents": 12, "by": None},
        }
    ]


async def test_publish_raises_dependency_unavailable_when_a_subscriber_fails(
    under_test: PublisherUnderTest,
) -> None:
    async def fail(envelope: dict[str, Any]) -> None:
        raise _SubscriberError

    under_test.subscribe("ordering.order_paid.v1", fail)

    with pytest.raises(DependencyUnavailableError):
        await under_test.publisher.publish(an_outbox_message("ordering.order_paid.v1"))


async def test_a_subscriber_cannot_change_the_message_when_it_alters_what_it_got(
    under_test: PublisherUnderTest,
) -> None:
    async def vandal(envelope: dict[str, Any]) -> None:
        envelope["payload"]["order_id"] = "changed"

    under_test.subscribe("ordering.order_paid.v1", vandal)
    message = an_outbox_message("ordering.order_paid.v1", payload={"order_id": "o-1"})

    await under_test.publisher.publish(message)

    assert message.payload == {"order_id": "o-1"}
