"""The StockMovementLedger contract, for every adapter."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

import pytest

from domain.catalog.errors import ProductNotFoundError
from domain.catalog.stock import StockLevel, StockMovement, StockMovementReason
from domain.catalog.values import ProductId
from domain.shared.errors import ConflictError
from tests.builders.catalog import a_category, a_product, a_stock_level, an_order_id, later
from tests.integration.contracts.catalog.conftest import Given, NewUnitOfWork


def _movements(level: StockLevel, count: int) -> list[StockMovement]:
    """``count`` movements of the level, alternating receipts and reservations."""
    moves: list[StockMovement] = []
    for n in range(count):
        if n % 2 == 0:
            moves.append(
                level.adjust(2, StockMovementReason.RECEIVE, by=uuid4(), now=later(minutes=n))
            )
        else:
            moves.append(level.reserve(1, order_id=an_order_id(), now=later(minutes=n)))
    return moves


async def _stored_with_movements(
    new_uow: NewUnitOfWork, given: Given, count: int
) -> tuple[ProductId, list[StockMovement]]:
    category = a_category()
    product = a_product(category)
    await given(category, product)
    moves = _movements(a_stock_level(product), count)
    async with new_uow() as uow:
        await uow.movements.append(moves)
        await uow.commit()
    return product.id, moves


async def test_list_returns_nothing_when_the_product_is_unknown(new_uow: NewUnitOfWork) -> None:
    async with new_uow() as uow:
        listed = await uow.movements.list_for_product(ProductId(uuid4()), before=None, limit=10)

    assert listed == []


async def test_list_returns_the_appended_movements_newest_first_when_stored(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    product_id, moves = await _stored_with_movements(new_uow, given, 5)

    async with new_uow() as uow:
        listed = await uow.movements.list_for_product(product_id, before=None, limit=10)

    assert listed == moves[::-1]


async def test_list_returns_only_older_movements_at_most_limit_when_before_is_given(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    product_id, _moves = await _stored_with_movements(new_uow, given, 6)

    async with new_uow() as uow:
        listed = await uow.movements.list_for_product(product_id, before=5, limit=2)

    assert [m.sequence for m in listed] == [4, 3]


async def test_list_walks_every_movement_once_when_paging_by_the_last_sequence(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    product_id, _moves = await _stored_with_movements(new_uow, given, 8)
    seen: list[int] = []
    before = None

    while True:
        async with new_uow() as uow:
            page = await uow.movements.list_for_product(product_id, before=before, limit=3)
        if not page:
            break
        seen.extend(m.sequence for m in page)
        before = page[-1].sequence

    assert seen == list(range(8, 0, -1))


async def test_list_keeps_products_apart_when_several_have_movements(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first_id, _ = await _stored_with_movements(new_uow, given, 2)
    second_id, second_moves = await _stored_with_movements(new_uow, given, 3)

    async with new_uow() as uow:
        listed = await uow.movements.list_for_product(second_id, before=None, limit=10)
        facts = (
            await uow.movements.exists_for_product(first_id),
            await uow.movements.exists_for_product(ProductId(uuid4())),
        )

    assert (listed, facts) == (second_moves[::-1], (True, False))


async def test_append_raises_conflict_when_the_product_already_has_the_sequence(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    _product_id, moves = await _stored_with_movements(new_uow, given, 1)

    async with new_uow() as uow:
        with pytest.raises(ConflictError):
            await uow.movements.append([replace(moves[0], note="again")])


async def test_append_raises_product_not_found_when_the_product_does_not_exist(
    new_uow: NewUnitOfWork,
) -> None:
    moves = _movements(a_stock_level(ProductId(uuid4())), 1)

    async with new_uow() as uow:
        with pytest.raises(ProductNotFoundError):
            await uow.movements.append(moves)
