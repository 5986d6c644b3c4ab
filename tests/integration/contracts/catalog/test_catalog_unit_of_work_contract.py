"""The CatalogUnitOfWork contract, for every adapter."""

from __future__ import annotations

import pytest

from application.catalog.ports import ProductQuery
from domain.catalog.reservation import Reservation, reservation_lines
from domain.catalog.values import CategoryId, CategoryName, ProductId
from tests.builders.catalog import a_category, a_product, an_order_id, later
from tests.integration.contracts.catalog.conftest import Given, NewUnitOfWork, Receive


class _BoomError(Exception):
    pass


async def _category_exists(new_uow: NewUnitOfWork, category_id: CategoryId) -> bool:
    async with new_uow() as uow:
        return await uow.categories.get(category_id) is not None


async def test_changes_are_visible_to_later_units_of_work_when_committed(
    new_uow: NewUnitOfWork,
) -> None:
    category = a_category()

    async with new_uow() as uow:
        await uow.categories.add(category)
        await uow.commit()

    assert await _category_exists(new_uow, category.id)


async def test_changes_are_discarded_when_the_block_ends_without_commit(
    new_uow: NewUnitOfWork,
) -> None:
    category = a_category()

    async with new_uow() as uow:
        await uow.categories.add(category)

    assert not await _category_exists(new_uow, category.id)


async def test_changes_are_discarded_when_the_block_raises_before_commit(
    new_uow: NewUnitOfWork,
) -> None:
    category = a_category()

    async def add_then_fail() -> None:
        async with new_uow() as uow:
            await uow.categories.add(category)
            raise _BoomError

    with pytest.raises(_BoomError):
        await add_then_fail()

    assert not await _category_exists(new_uow, category.id)


async def test_every_repository_rolls_back_when_the_block_ends_without_commit(
    new_uow: NewUnitOfWork, given: Given, receive: Receive
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product)
    await receive(product.id, 5)
    order = an_order_id()

    async with new_uow() as uow:
        loaded = await uow.categories.get(category.id)
        assert loaded is not None
        loaded.rename(CategoryName("Never Saved"), now=later(minutes=1))
        await uow.categories.save(loaded)
        await uow.products.add(a_product(category))
        levels = await uow.stock.get_for_update([product.id])
        reservation, movements = Reservation.place(
            order_id=order,
            lines=reservation_lines([(product.id, 2)]),
            levels=levels,
            now=later(minutes=1),
        )
        await uow.stock.save(levels[product.id])
        await uow.movements.append(movements)
        await uow.reservations.add(reservation)

    async with new_uow() as uow:
        stored = await uow.categories.get(category.id)
        level = await uow.stock.get(product.id)
        ledger = await uow.movements.list_for_product(product.id, before=None, limit=10)
        assert await uow.reservations.get(order) is None
        assert not await uow.reservations.exists_for_product(product.id)
        hits = await uow.search.search(ProductQuery(include_inactive=True))
    assert stored is not None
    assert level is not None
    assert (stored.name.value, level.reserved, len(ledger)) == ("Keyboards", 0, 1)
    assert [view.id for view in hits.views] == [product.id]


async def test_changes_after_a_commit_are_discarded_when_not_committed_again(
    new_uow: NewUnitOfWork,
) -> None:
    committed, uncommitted = a_category(), a_category()

    async with new_uow() as uow:
        await uow.categories.add(committed)
        await uow.commit()
        await uow.categories.add(uncommitted)

    assert (
        await _category_exists(new_uow, committed.id),
        await _category_exists(new_uow, uncommitted.id),
    ) == (True, False)


async def test_reads_see_the_transactions_own_writes_when_not_yet_committed(
    new_uow: NewUnitOfWork,
) -> None:
    category = a_category()
    product = a_product(category)

    async with new_uow() as uow:
        await uow.categories.add(category)
        await uow.products.add(product)
        found = await uow.products.get_by_sku(product.sku)

    assert found is not None
    assert found.id == product.id


async def test_one_unit_of_work_runs_consecutive_transactions_when_entered_again(
    new_uow: NewUnitOfWork,
) -> None:
    uow = new_uow()
    first, second = a_category(), a_category()

    async with uow:
        await uow.categories.add(first)
        await uow.commit()
    async with uow:
        await uow.categories.add(second)
        await uow.commit()

    assert (
        await _category_exists(new_uow, first.id),
        await _category_exists(new_uow, second.id),
    ) == (True, True)


async def test_entering_raises_runtime_error_when_the_unit_of_work_is_already_open(
    new_uow: NewUnitOfWork,
) -> None:
    uow = new_uow()

    async with uow:
        with pytest.raises(RuntimeError):
            await uow.__aenter__()


async def test_repository_raises_runtime_error_when_used_outside_the_block(
    new_uow: NewUnitOfWork,
) -> None:
    uow = new_uow()

    with pytest.raises(RuntimeError):
        await uow.products.get(ProductId(a_category().id))
