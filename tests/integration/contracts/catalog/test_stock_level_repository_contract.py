"""The StockLevelRepository contract, for every adapter."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest

from domain.catalog.errors import ProductNotFoundError
from domain.catalog.stock import StockLevel, StockMovementReason
from domain.catalog.values import ProductId
from domain.shared.errors import ConcurrentUpdateError, ConflictError
from tests.builders.catalog import a_category, a_product, a_stock_level, an_order_id, later
from tests.integration.contracts.catalog.conftest import Given, NewUnitOfWork

TASKS = 20


def _fields(level: StockLevel) -> dict[str, object]:
    return {name: getattr(level, name) for name in StockLevel.__slots__}


async def test_get_returns_none_when_the_product_has_no_stock_level(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        assert await uow.stock.get(ProductId(uuid4())) is None


async def test_get_returns_the_added_level_when_it_was_committed(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    level = a_stock_level(product, on_hand=9, reserved=4, low_stock_threshold=2, last_sequence=3)
    await given(category, product, level)

    async with new_uow() as uow:
        found = await uow.stock.get(product.id)

    assert found is not None
    assert _fields(found) == _fields(level)


async def test_add_raises_product_not_found_when_the_product_does_not_exist(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        with pytest.raises(ProductNotFoundError):
            await uow.stock.add(a_stock_level(ProductId(uuid4())))


async def test_add_raises_conflict_when_the_product_already_has_a_level(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product)

    async with new_uow() as uow:
        with pytest.raises(ConflictError):
            await uow.stock.add(a_stock_level(product))


async def test_get_for_update_returns_existing_levels_by_product_when_some_ids_are_unknown(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    first, second = a_product(category), a_product(category)
    await given(category, first, second)
    unknown = ProductId(uuid4())

    async with new_uow() as uow:
        levels = await uow.stock.get_for_update([second.id, unknown, first.id, second.id])

    assert set(levels) == {first.id, second.id}
    assert all(pid == level.product_id for pid, level in levels.items())


async def test_save_writes_the_level_and_increments_the_version_when_current(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product, a_stock_level(product, on_hand=10))

    async with new_uow() as uow:
        level = (await uow.stock.get_for_update([product.id]))[product.id]
        level.reserve(3, order_id=an_order_id(), now=later(minutes=1))
        level.change_threshold(5, now=later(minutes=1))
        await uow.stock.save(level)
        await uow.commit()

    async with new_uow() as uow:
        stored = await uow.stock.get(product.id)
    assert stored is not None
    assert _fields(stored) == _fields(level)
    assert (stored.on_hand, stored.reserved, stored.last_sequence, stored.version) == (10, 3, 1, 2)


async def test_save_raises_concurrent_update_when_the_level_changed_since_loaded(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product)
    async with new_uow() as uow:
        stale = await uow.stock.get(product.id)
    async with new_uow() as uow:
        fresh = (await uow.stock.get_for_update([product.id]))[product.id]
        fresh.change_threshold(1, now=later(minutes=1))
        await uow.stock.save(fresh)
        await uow.commit()
    assert stale is not None

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.stock.save(stale)


async def test_every_adjustment_lands_when_tasks_adjust_one_level_through_get_for_update(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product)

    async def receive_one() -> None:
        async with new_uow() as uow:
            level = (await uow.stock.get_for_update([product.id]))[product.id]
            movement = level.adjust(1, StockMovementReason.RECEIVE, by=uuid4(), now=later())
            await uow.stock.save(level)
            await uow.movements.append([movement])
            await uow.commit()

    await asyncio.gather(*(receive_one() for _ in range(TASKS)))

    async with new_uow() as uow:
        level = await uow.stock.get(product.id)
        ledger = await uow.movements.list_for_product(product.id, before=None, limit=100)
    assert level is not None
    assert (level.on_hand, level.last_sequence) == (TASKS, TASKS)
    assert [m.sequence for m in ledger] == list(range(TASKS, 0, -1))


async def test_save_many_writes_every_level_and_increments_their_versions_when_current(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    first, second = a_product(category), a_product(category)
    await given(
        category, first, second, a_stock_level(first, on_hand=10), a_stock_level(second, on_hand=4)
    )

    async with new_uow() as uow:
        levels = await uow.stock.get_for_update([first.id, second.id])
        for level in levels.values():
            level.reserve(2, order_id=an_order_id(), now=later(minutes=1))
        await uow.stock.save_many(list(levels.values()))
        await uow.commit()

    async with new_uow() as uow:
        stored = [await uow.stock.get(product.id) for product in (first, second)]
    assert [_fields(level) for level in stored if level is not None] == [
        _fields(levels[first.id]),
        _fields(levels[second.id]),
    ]
    assert [(level.reserved, level.version) for level in levels.values()] == [(2, 2), (2, 2)]


async def test_save_many_raises_concurrent_update_when_one_level_changed_since_loaded(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    first, second = a_product(category), a_product(category)
    await given(category, first, second)
    async with new_uow() as uow:
        current = await uow.stock.get(first.id)
        stale = await uow.stock.get(second.id)
    async with new_uow() as uow:
        fresh = (await uow.stock.get_for_update([second.id]))[second.id]
        fresh.change_threshold(1, now=later(minutes=1))
        await uow.stock.save(fresh)
        await uow.commit()
    assert current is not None
    assert stale is not None

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.stock.save_many([current, stale])
