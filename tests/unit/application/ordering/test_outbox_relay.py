"""The relay: publishes the outbox in order, marks what went out, stops at a failure."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.outbound.in_process.publisher import InProcessPublisher
from application.ordering.commands.relay_outbox import (
    RelayOutbox,
    RelayOutboxHandler,
    RelayOutboxResult,
)
from application.ordering.integration_events import ORDER_PAID
from domain.shared.errors import InvalidValueError
from tests.builders.ordering import an_outbox_message
from tests.builders.ordering_world import OrderingWorld


class _FlakyError(Exception):
    pass


async def _stage(world: OrderingWorld, count: int) -> list[str]:
    messages = [an_outbox_message(ORDER_PAID, payload={"n": n}) for n in range(count)]
    async with world.uow() as uow:
        for message in messages:
            await uow.outbox.add(message)
        await uow.commit()
    return [str(message.id) for message in messages]


def _relay(world: OrderingWorld, publisher: InProcessPublisher, limit: int = 10) -> Any:
    handler = RelayOutboxHandler(uow=world.uow(), publisher=publisher, clock=world.clock)
    return handler.handle(RelayOutbox(limit=limit))


async def test_relay_publishes_in_outbox_order_once_when_run_twice() -> None:
    world = OrderingWorld()
    ids = await _stage(world, 3)
    seen: list[str] = []
    publisher = InProcessPublisher()

    async def record(envelope: dict[str, Any]) -> None:
        seen.append(envelope["id"])

    publisher.subscribe(ORDER_PAID, record)

    first = await _relay(world, publisher)
    second = await _relay(world, publisher)

    assert (first, second) == (
        RelayOutboxResult(published=3, stalled=False),
        RelayOutboxResult(published=0, stalled=False),
    )
    assert seen == ids


async def test_relay_stalls_then_delivers_the_rest_in_order_when_a_message_fails_once() -> None:
    world = OrderingWorld()
    ids = await _stage(world, 3)
    seen: list[str] = []
    failures = {ids[1]}
    publisher = InProcessPublisher()

    async def flaky(envelope: dict[str, Any]) -> None:
        if envelope["id"] in failures:
            failures.clear()
            raise _FlakyError
        seen.append(envelope["id"])

    publisher.subscribe(ORDER_PAID, flaky)

    stalled = await _relay(world, publisher)
    resumed = await _relay(world, publisher)

    assert stalled == RelayOutboxResult(published=1, stalled=True)
    assert resumed == RelayOutboxResult(published=2, stalled=False)
    assert seen == ids


async def test_relay_delivers_again_when_it_crashed_before_marking() -> None:
    world = OrderingWorld()
    ids = await _stage(world, 2)
    seen: list[str] = []
    publisher = InProcessPublisher()

    async def record(envelope: dict[str, Any]) -> None:
        seen.append(envelope["id"])

    publisher.subscribe(ORDER_PAID, record)
    async with world.uow() as uow:  # a relay that published, then died before its commit
        for message in await uow.outbox.claim_batch(10):
            await publisher.publish(message)

    await _relay(world, publisher)

    assert seen == ids + ids


async def test_relay_raises_invalid_value_when_the_limit_is_out_of_bounds() -> None:
    world = OrderingWorld()

    with pytest.raises(InvalidValueError):
        await _relay(world, InProcessPublisher(), limit=0)
