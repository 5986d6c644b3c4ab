"""The OutboxRepository contract, for every adapter: written with the change, relayed once."""

from __future__ import annotations

import asyncio
from uuid import UUID

import pytest

from domain.shared.errors import ConflictError
from tests.builders.ordering import an_order, an_outbox_message, later
from tests.integration.contracts.ordering.conftest import Given, NewUnitOfWork


class _BoomError(Exception):
    pass


async def _claimable(new_uow: NewUnitOfWork, limit: int = 100) -> list[UUID]:
    async with new_uow() as uow:
        return [message.id for message in await uow.outbox.claim_batch(limit)]


async def test_claim_batch_returns_messages_in_the_order_added_when_unpublished(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    # Added out of time order: the outbox keeps the order of adding, not of occurred_at.
    messages = [an_outbox_message(occurred_at=later(minutes=m)) for m in (3, 1, 2, 0)]
    await given(*messages[:2])
    await given(*messages[2:])

    claimed = await _claimable(new_uow)
    first_two = await _claimable(new_uow, limit=2)

    assert claimed == [message.id for message in messages]
    assert first_two == claimed[:2]


async def test_a_claimed_message_comes_back_whole_when_it_was_added(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    message = an_outbox_message(
        payload={"order_id": "o-1", "lines": [{"quantity": 2}], "reason": None, "total": 12}
    )
    await given(message)

    async with new_uow() as uow:
        [claimed] = await uow.outbox.claim_batch(10)

    assert claimed == message


async def test_claim_batch_skips_messages_when_they_were_marked_published(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, second = an_outbox_message(), an_outbox_message()
    await given(first, second)

    async with new_uow() as uow:
        await uow.outbox.mark_published([first.id, an_outbox_message().id], later())
        await uow.commit()

    assert await _claimable(new_uow) == [second.id]


async def test_add_raises_conflict_when_the_id_exists(new_uow: NewUnitOfWork, given: Given) -> None:
    message = an_outbox_message()
    await given(message)

    async with new_uow() as uow:
        with pytest.raises(ConflictError):
            await uow.outbox.add(message)


async def test_no_message_and_no_order_remain_when_their_transaction_rolls_back(
    new_uow: NewUnitOfWork,
) -> None:
    order = an_order()
    message = an_outbox_message(payload={"order_id": str(order.id)})

    async def place_then_fail() -> None:
        async with new_uow() as uow:
            await uow.orders.add(order)
            await uow.outbox.add(message)
            raise _BoomError

    with pytest.raises(_BoomError):
        await place_then_fail()

    assert await _claimable(new_uow) == []
    async with new_uow() as uow:
        assert await uow.orders.get(order.id) is None


async def test_the_message_and_the_order_are_both_stored_when_their_transaction_commits(
    new_uow: NewUnitOfWork,
) -> None:
    order = an_order()
    message = an_outbox_message(payload={"order_id": str(order.id)})

    async with new_uow() as uow:
        await uow.orders.add(order)
        await uow.outbox.add(message)
        await uow.commit()

    assert await _claimable(new_uow) == [message.id]
    async with new_uow() as uow:
        assert await uow.orders.get(order.id) is not None


async def test_two_relays_never_hold_the_same_message_when_they_claim_at_once(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    messages = [an_outbox_message() for _ in range(30)]
    await given(*messages)
    handed: list[list[UUID]] = []

    async def relay() -> None:
        while True:
            async with new_uow() as uow:
                batch = await uow.outbox.claim_batch(4)
                if not batch:
                    return
                handed.append([message.id for message in batch])
                await asyncio.sleep(0)  # let the other relay claim meanwhile
                await uow.outbox.mark_published([message.id for message in batch], later())
                await uow.commit()

    await asyncio.gather(relay(), relay())

    every = [message_id for batch in handed for message_id in batch]
    assert sorted(every) == sorted(message.id for message in messages)
    assert len(every) == len(set(every))


async def _yield_to_others() -> None:
    for _ in range(3):
        await asyncio.sleep(0)


async def test_wait_for_messages_returns_at_once_when_messages_were_committed_before(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        await uow.outbox.add(an_outbox_message())
        await uow.commit()

    waiting = asyncio.create_task(new_uow().outbox.wait_for_messages(3600))
    await _yield_to_others()

    assert waiting.done()


async def test_wait_for_messages_returns_when_a_unit_of_work_commits_messages_meanwhile(
    new_uow: NewUnitOfWork,
) -> None:
    await new_uow().outbox.wait_for_messages(0)  # forget earlier commits
    waiting = asyncio.create_task(new_uow().outbox.wait_for_messages(3600))
    await _yield_to_others()
    before = waiting.done()

    async with new_uow() as uow:
        await uow.outbox.add(an_outbox_message())
        await uow.commit()
    await _yield_to_others()

    assert (before, waiting.done()) == (False, True)


async def test_wait_for_messages_keeps_waiting_when_the_messages_were_rolled_back(
    new_uow: NewUnitOfWork,
) -> None:
    await new_uow().outbox.wait_for_messages(0)  # forget earlier commits
    waiting = asyncio.create_task(new_uow().outbox.wait_for_messages(3600))

    async with new_uow() as uow:
        await uow.outbox.add(an_outbox_message())
    async with new_uow() as uow:
        await uow.commit()
    await _yield_to_others()

    assert not waiting.done()
    waiting.cancel()
