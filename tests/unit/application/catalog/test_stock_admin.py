"""Stock use cases: admin adjustments recorded in a ledger, public stock reads."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.catalog.commands.adjust_stock import AdjustStock, AdjustStockHandler
from application.catalog.commands.reserve_stock import (
    ReserveLine,
    ReserveStock,
    ReserveStockHandler,
)
from application.catalog.queries.get_stock import GetStock, GetStockHandler
from application.catalog.queries.list_stock_movements import (
    ListStockMovements,
    ListStockMovementsHandler,
)
from application.shared.errors import PermissionDeniedError
from domain.catalog.errors import InsufficientStockError, ProductNotFoundError
from domain.catalog.values import ProductId
from domain.shared.errors import InvalidValueError
from tests.builders.catalog import an_order_id
from tests.builders.catalog_world import CatalogWorld


async def test_adjustment_changes_on_hand_and_records_the_movement_when_an_admin_receives() -> None:
    world = CatalogWorld()
    product = await world.a_product()

    result = await world.handler(AdjustStockHandler).handle(
        AdjustStock(
            actor=world.admin, product_id=product.id, delta=12, reason="receive", note="PO-77"
        )
    )

    assert (result.stock.on_hand, result.stock.available) == (12, 12)
    assert (
        result.movement.sequence,
        result.movement.reason,
        result.movement.on_hand_delta,
        result.movement.actor_id,
        result.movement.note,
    ) == (1, "receive", 12, world.admin.user_id, "PO-77")
    async with world.uow() as uow:
        level = await uow.stock.get(ProductId(product.id))
        ledger = await uow.movements.list_for_product(ProductId(product.id), before=None, limit=10)
    assert level is not None
    assert (level.on_hand, [m.sequence for m in ledger]) == (12, [1])


async def test_adjustment_raises_insufficient_stock_when_removal_cuts_into_reservations() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    await world.handler(ReserveStockHandler).handle(
        ReserveStock(order_id=an_order_id(), lines=[ReserveLine(product_id=product.id, quantity=4)])
    )

    with pytest.raises(InsufficientStockError) as caught:
        await world.handler(AdjustStockHandler).handle(
            AdjustStock(actor=world.admin, product_id=product.id, delta=-2, reason="damage")
        )

    assert caught.value.code == "insufficient-stock"
    stock = await world.handler(GetStockHandler).handle(GetStock(product_id=product.id))
    assert (stock.on_hand, stock.reserved, stock.available) == (5, 4, 1)


@pytest.mark.parametrize(
    ("delta", "reason", "field"),
    [
        (1, "restock", "reason"),
        (1, "reserve", "reason"),
        (-1, "receive", "delta"),
        (0, "correct", "delta"),
    ],
)
async def test_adjustment_names_the_field_when_delta_or_reason_is_invalid(
    delta: int, reason: str, field: str
) -> None:
    world = CatalogWorld()
    product = await world.a_product()

    with pytest.raises(InvalidValueError) as caught:
        await world.handler(AdjustStockHandler).handle(
            AdjustStock(actor=world.admin, product_id=product.id, delta=delta, reason=reason)
        )

    assert caught.value.field == field


async def test_adjustment_raises_not_found_when_the_product_does_not_exist() -> None:
    world = CatalogWorld()

    with pytest.raises(ProductNotFoundError):
        await world.handler(AdjustStockHandler).handle(
            AdjustStock(actor=world.admin, product_id=uuid4(), delta=1, reason="receive")
        )


async def test_customer_is_refused_when_adjusting_stock() -> None:
    world = CatalogWorld()
    product = await world.a_product()

    with pytest.raises(PermissionDeniedError):
        await world.handler(AdjustStockHandler).handle(
            AdjustStock(actor=world.customer, product_id=product.id, delta=1, reason="receive")
        )


async def test_stock_of_an_inactive_product_is_not_found_when_a_customer_reads_it() -> None:
    world = CatalogWorld()
    product = await world.a_product(active=False, stock=1)

    with pytest.raises(ProductNotFoundError):
        await world.handler(GetStockHandler).handle(
            GetStock(product_id=product.id, actor=world.customer)
        )


async def test_ledger_pages_cover_every_movement_newest_first_when_following_cursors() -> None:
    world = CatalogWorld()
    product = await world.a_product()
    for units in range(1, 8):
        await world.receive(product.id, units)
    handler = world.handler(ListStockMovementsHandler)

    seen: list[int] = []
    cursor = None
    while True:
        page = await handler.handle(
            ListStockMovements(actor=world.admin, product_id=product.id, limit=3, cursor=cursor)
        )
        seen.extend(movement.on_hand_delta for movement in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    assert seen == [7, 6, 5, 4, 3, 2, 1]


async def test_ledger_listing_is_refused_when_a_customer_asks() -> None:
    world = CatalogWorld()
    product = await world.a_product()

    with pytest.raises(PermissionDeniedError):
        await world.handler(ListStockMovementsHandler).handle(
            ListStockMovements(actor=world.customer, product_id=product.id)
        )


async def test_ledger_listing_names_the_cursor_when_it_was_not_issued_for_the_ledger() -> None:
    world = CatalogWorld()
    product = await world.a_product()

    with pytest.raises(InvalidValueError) as caught:
        await world.handler(ListStockMovementsHandler).handle(
            ListStockMovements(actor=world.admin, product_id=product.id, cursor="bm90LWEtY3Vyc29y")
        )

    assert caught.value.field == "cursor"


async def test_ledger_listing_raises_not_found_when_the_product_does_not_exist() -> None:
    world = CatalogWorld()

    with pytest.raises(ProductNotFoundError):
        await world.handler(ListStockMovementsHandler).handle(
            ListStockMovements(actor=world.admin, product_id=uuid4())
        )
