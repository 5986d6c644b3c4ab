"""Idempotency-Key on placement and payment: replay, reuse refused, in flight refused."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from application.ordering.errors import (
    EmailNotVerifiedError,
    IdempotencyKeyInFlightError,
    IdempotencyKeyReusedError,
)
from application.ordering.idempotency import (
    IdempotentResponse,
    Operation,
    request_fingerprint,
    run_idempotently,
)
from application.ordering.ports import OrderFilter
from application.shared.actor import Actor
from domain.shared.errors import InvalidValueError
from tests.builders.ordering_world import OrderingWorld


def _placing(world: OrderingWorld, actor: Actor, product_id: Any, quantity: int) -> Operation:
    async def operation() -> tuple[int, dict[str, Any]]:
        order = await world.place(actor, (product_id, quantity))
        return 201, {"id": str(order.id), "total_cents": order.total_cents}

    return operation


async def _run(
    world: OrderingWorld, actor: Actor, key: str | None, body: dict[str, Any], operation: Operation
) -> IdempotentResponse:
    return await run_idempotently(
        world.idempotency,
        world.clock,
        user_id=actor.user_id,
        key=key,
        fingerprint=request_fingerprint("POST", "/api/v1/orders", body),
        operation=operation,
    )


async def _order_count(world: OrderingWorld) -> int:
    async with world.uow() as uow:
        return len(await uow.orders.list(OrderFilter(), after=None, limit=100))


async def test_the_first_response_is_replayed_when_retried_with_the_same_key_and_body() -> None:
    world = OrderingWorld()
    actor = world.customer()
    product = await world.a_product(stock=10)
    body = {"lines": [{"product_id": str(product.id), "quantity": 2}]}
    first = await _run(world, actor, "key-1", body, _placing(world, actor, product.id, 2))

    again = await _run(world, actor, "key-1", body, _placing(world, actor, product.id, 2))

    assert (again.status, again.body, again.replayed) == (first.status, first.body, True)
    assert await _order_count(world) == 1
    assert await world.stock(product.id) == (10, 2, 8)


async def test_run_raises_reused_when_the_key_comes_with_another_body() -> None:
    world = OrderingWorld()
    actor = world.customer()
    product = await world.a_product(stock=10)
    body = {"lines": [{"product_id": str(product.id), "quantity": 2}]}
    await _run(world, actor, "key-1", body, _placing(world, actor, product.id, 2))
    other = {"lines": [{"product_id": str(product.id), "quantity": 3}]}

    with pytest.raises(IdempotencyKeyReusedError) as caught:
        await _run(world, actor, "key-1", other, _placing(world, actor, product.id, 3))

    assert caught.value.code == "idempotency-key-reused"
    assert await _order_count(world) == 1


async def test_run_raises_in_flight_when_the_first_request_with_the_key_still_runs() -> None:
    world = OrderingWorld()
    actor = world.customer()
    body: dict[str, Any] = {"lines": []}
    release = asyncio.Event()
    started = asyncio.Event()

    async def slow() -> tuple[int, dict[str, Any]]:
        started.set()
        await release.wait()
        return 201, {"done": True}

    first = asyncio.create_task(_run(world, actor, "key-1", body, slow))
    await started.wait()

    with pytest.raises(IdempotencyKeyInFlightError) as caught:
        await _run(world, actor, "key-1", body, slow)

    assert caught.value.code == "idempotency-key-in-flight"
    release.set()
    assert (await first).body == {"done": True}


async def test_keys_are_scoped_to_the_user_when_two_users_send_the_same_key() -> None:
    world = OrderingWorld()
    product = await world.a_product(stock=10)
    body = {"lines": [{"product_id": str(product.id), "quantity": 1}]}
    first, second = world.customer(), world.customer()

    one = await _run(world, first, "shared", body, _placing(world, first, product.id, 1))
    two = await _run(world, second, "shared", body, _placing(world, second, product.id, 1))

    assert not one.replayed
    assert not two.replayed
    assert one.body != two.body


async def test_a_retry_runs_again_when_the_first_request_with_the_key_failed() -> None:
    world = OrderingWorld()
    product = await world.a_product(stock=10)
    body = {"lines": [{"product_id": str(product.id), "quantity": 1}]}
    unverified = Actor(user_id=uuid4(), role="user", email_verified=False)
    with pytest.raises(EmailNotVerifiedError):
        await _run(world, unverified, "key-1", body, _placing(world, unverified, product.id, 1))
    verified = Actor(user_id=unverified.user_id, role="user", email_verified=True)

    retried = await _run(world, verified, "key-1", body, _placing(world, verified, product.id, 1))

    assert (retried.status, retried.replayed) == (201, False)


async def test_a_key_is_as_good_as_new_when_it_expired_after_24_hours() -> None:
    world = OrderingWorld()
    actor = world.customer()
    product = await world.a_product(stock=10)
    body = {"lines": [{"product_id": str(product.id), "quantity": 1}]}
    first = await _run(world, actor, "key-1", body, _placing(world, actor, product.id, 1))
    world.clock.advance(timedelta(hours=24))

    again = await _run(world, actor, "key-1", body, _placing(world, actor, product.id, 1))

    assert not again.replayed
    assert again.body != first.body


async def test_every_request_runs_when_no_key_is_given() -> None:
    world = OrderingWorld()
    actor = world.customer()
    product = await world.a_product(stock=10)

    for _ in range(2):
        await _run(world, actor, None, {}, _placing(world, actor, product.id, 1))

    assert await _order_count(world) == 2


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "naïve"])
async def test_run_raises_invalid_value_when_the_key_is_malformed(key: str) -> None:
    world = OrderingWorld()
    actor = world.customer()

    with pytest.raises(InvalidValueError) as caught:
        await _run(world, actor, key, {}, _placing(world, actor, uuid4(), 1))

    assert caught.value.field == "idempotency_key"


def test_the_fingerprint_ignores_key_order_when_bodies_are_equal() -> None:
    assert request_fingerprint({"a": 1, "b": [1, 2]}) == request_fingerprint({"b": [1, 2], "a": 1})
    assert request_fingerprint({"a": 1}) != request_fingerprint({"a": 2})
