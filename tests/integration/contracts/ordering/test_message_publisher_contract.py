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


async def test_publish_many_delivers_every_message_in_order_and_counts_them_when_all_go(
    under_test: PublisherUnderTest,
) -> None:
    received: list[str] = []

    async def record(envelope: dict[str, Any]) -> None:
        received.append(envelope["id"])

    under_test.subscribe("ordering.order_paid.v1", record)
    under_test.subscribe("ordering.order_cancelled.v1", record)
    messages = [
        an_outbox_message("ordering.order_paid.v1"),
        an_outbox_message("ordering.order_placed.v1"),  # nobody listens: accepted
        an_outbox_message("ordering.order_cancelled.v1"),
        an_outbox_message("ordering.order_paid.v1"),
    ]

    accepted = await under_test.publisher.publish_many(messages)

    assert accepted == 4
    assert received == [str(m.id) for m in messages if m.topic != "ordering.order_placed.v1"]


async def test_publish_many_stops_at_the_first_message_that_fails_when_one_does(
    under_test: PublisherUnderTest,
) -> None:
    received: list[str] = []
    messages = [an_outbox_message("ordering.order_paid.v1") for _ in range(3)]

    async def fail_on_second(envelope: dict[str, Any]) -> None:
        if envelope["id"] == str(messages[1].id):
            raise _SubscriberError
        received.append(envelope["id"])

    under_test.subscribe("ordering.order_paid.v1", fail_on_second)

    accepted = await under_test.publisher.publish_many(messages)

    assert accepted == 1
    assert received == [str(messages[0].id)]


class _Batches:
    """A subscriber that also takes runs of messages at once, as the stock effects do."""

    def __init__(self, *, fail: bool = False) -> None:
        self.calls: list[list[str]] = []
        self._fail = fail

    async def __call__(self, envelope: dict[str, Any]) -> None:
        await self.many([envelope])

    async def many(self, envelopes: list[dict[str, Any]]) -> None:
        if self._fail:
            raise _SubscriberError
        self.calls.append([envelope["id"] for envelope in envelopes])


async def test_the_in_process_bus_hands_a_batch_subscriber_runs_of_its_topic_when_many() -> None:
    bus = InProcessPublisher()
    batches = _Batches()
    bus.subscribe("ordering.order_paid.v1", batches)
    bus.subscribe("ordering.order_cancelled.v1", batches)
    paid = [an_outbox_message("ordering.order_paid.v1") for _ in range(3)]
    cancelled = an_outbox_message("ordering.order_cancelled.v1")
    placed = an_outbox_message("ordering.order_placed.v1")

    accepted = await bus.publish_many([paid[0], placed, paid[1], cancelled, paid[2]])

    assert accepted == 5
    assert batches.calls == [
        [str(paid[0].id), str(paid[1].id)],
        [str(cancelled.id)],
        [str(paid[2].id)],
    ]


async def test_the_in_process_bus_accepts_none_of_a_run_when_its_batch_subscriber_fails() -> None:
    bus = InProcessPublisher()
    bus.subscribe("ordering.order_cancelled.v1", _Batches())
    bus.subscribe("ordering.order_paid.v1", _Batches(fail=True))
    cancelled = an_outbox_message("ordering.order_cancelled.v1")
    paid = [an_outbox_message("ordering.order_paid.v1") for _ in range(2)]

    accepted = await bus.publish_many([cancelled, *paid])

    assert accepted == 1
