"""The IdempotencyStore contract, for every adapter."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import uuid4

import pytest

from application.ordering.errors import IdempotencyKeyInFlightError, IdempotencyKeyReusedError
from application.ordering.ports import IDEMPOTENCY_KEY_TTL, Begun, IdempotencyStore, Replay
from domain.shared.errors import ConflictError, DomainError
from tests.builders.ordering import T0
from tests.integration.contracts.ordering.conftest import CONCURRENT_TASKS

BODY = {"id": "order-1", "lines": [{"quantity": 2}], "refund": None}


async def test_begin_answers_begun_when_the_key_is_new(idempotency: IdempotencyStore) -> None:
    assert await idempotency.begin(uuid4(), "k", "fp", T0) == Begun()


async def test_begin_replays_the_response_when_the_key_completed(
    idempotency: IdempotencyStore,
) -> None:
    user = uuid4()
    await idempotency.begin(user, "k", "fp", T0)
    await idempotency.complete(user, "k", 201, BODY)

    replay = await idempotency.begin(user, "k", "fp", T0 + timedelta(hours=1))

    assert replay == Replay(status=201, body=BODY)


@pytest.mark.parametrize("completed", [False, True])
async def test_begin_raises_reused_when_the_fingerprint_differs(
    idempotency: IdempotencyStore, completed: bool
) -> None:
    user = uuid4()
    await idempotency.begin(user, "k", "fp", T0)
    if completed:
        await idempotency.complete(user, "k", 201, BODY)

    with pytest.raises(IdempotencyKeyReusedError):
        await idempotency.begin(user, "k", "other", T0)


async def test_begin_raises_in_flight_when_the_request_still_runs(
    idempotency: IdempotencyStore,
) -> None:
    user = uuid4()
    await idempotency.begin(user, "k", "fp", T0)

    with pytest.raises(IdempotencyKeyInFlightError):
        await idempotency.begin(user, "k", "fp", T0)


async def test_begin_answers_begun_when_another_user_holds_the_same_key(
    idempotency: IdempotencyStore,
) -> None:
    await idempotency.begin(uuid4(), "k", "fp", T0)

    assert await idempotency.begin(uuid4(), "k", "other", T0) == Begun()


async def test_abandon_frees_the_key_when_in_flight_and_keeps_it_when_completed(
    idempotency: IdempotencyStore,
) -> None:
    user = uuid4()
    await idempotency.begin(user, "abandoned", "fp", T0)
    await idempotency.begin(user, "done", "fp", T0)
    await idempotency.complete(user, "done", 200, BODY)

    await idempotency.abandon(user, "abandoned")
    await idempotency.abandon(user, "done")
    await idempotency.abandon(user, "unknown")

    assert await idempotency.begin(user, "abandoned", "other", T0) == Begun()
    assert await idempotency.begin(user, "done", "fp", T0) == Replay(status=200, body=BODY)


async def test_complete_raises_conflict_when_the_key_is_not_in_flight(
    idempotency: IdempotencyStore,
) -> None:
    user = uuid4()
    await idempotency.begin(user, "k", "fp", T0)
    await idempotency.complete(user, "k", 201, BODY)

    with pytest.raises(ConflictError):
        await idempotency.complete(user, "k", 201, BODY)
    with pytest.raises(ConflictError):
        await idempotency.complete(user, "never-begun", 201, BODY)


@pytest.mark.parametrize("completed", [False, True])
async def test_begin_answers_begun_when_the_key_expired(
    idempotency: IdempotencyStore, completed: bool
) -> None:
    user = uuid4()
    await idempotency.begin(user, "k", "fp", T0)
    if completed:
        await idempotency.complete(user, "k", 201, BODY)

    answer = await idempotency.begin(user, "k", "other", T0 + IDEMPOTENCY_KEY_TTL)

    assert answer == Begun()


async def test_exactly_one_begins_when_many_tasks_use_one_key_at_once(
    idempotency: IdempotencyStore,
) -> None:
    user = uuid4()

    async def begin() -> Begun | Replay | DomainError:
        try:
            return await idempotency.begin(user, "k", "fp", T0)
        except DomainError as error:
            return error

    answers = await asyncio.gather(*(begin() for _ in range(CONCURRENT_TASKS)))

    assert answers.count(Begun()) == 1
    assert all(
        isinstance(answer, IdempotencyKeyInFlightError) for answer in answers if answer != Begun()
    )
