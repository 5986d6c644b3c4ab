"""Reservation use cases: all-or-nothing, idempotent by order id, recorded in the ledger."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from application.catalog.commands.commit_reservation import (
    CommitReservation,
    CommitReservationHandler,
    CommitReservations,
)
from application.catalog.commands.release_reservation import (
    ReleaseReservation,
    ReleaseReservationHandler,
)
from application.catalog.commands.reserve_stock import (
    ReserveLine,
    ReserveStock,
    ReserveStockHandler,
)
from application.catalog.commands.return_stock import ReturnStock, ReturnStockHandler
from application.catalog.commands.update_product import UpdateProduct, UpdateProductHandler
from application.catalog.queries.get_stock import GetStock, GetStockHandler
from application.catalog.views import ReservationView, StockView
from domain.catalog.errors import (
    IllegalReservationTransitionError,
    ProductNotFoundError,
    ReservationMismatchError,
    ReservationNotFoundError,
    ShortLine,
    ShortStockError,
)
from domain.catalog.values import OrderId, ProductId
from domain.shared.errors import InvalidValueError
from tests.builders.catalog import an_order_id
from tests.builders.catalog_world import CatalogWorld


def _lines(*pairs: tuple[UUID, int]) -> list[ReserveLine]:
    return [ReserveLine(product_id=product_id, quantity=quantity) for product_id, quantity in pairs]


async def _reserve(
    world: CatalogWorld, order_id: UUID, *pairs: tuple[UUID, int]
) -> ReservationView:
    return await world.handler(ReserveStockHandler).handle(
        ReserveStock(order_id=order_id, lines=_lines(*pairs))
    )


async def _stock(world: CatalogWorld, product_id: UUID) -> tuple[int, int, int]:
    view: StockView = await world.handler(GetStockHandler).handle(GetStock(product_id=product_id))
    return view.on_hand, view.reserved, view.available


async def _reasons(world: CatalogWorld, product_id: UUID) -> list[str]:
    async with world.uow() as uow:
        ledger = await uow.movements.list_for_product(ProductId(product_id), before=None, limit=100)
    return [movement.reason.value for movement in reversed(ledger)]


async def test_reserve_holds_every_line_when_all_are_available() -> None:
    world = CatalogWorld()
    keyboard = await world.a_product(stock=5)
    mouse = await world.a_product(stock=3)
    order = an_order_id()

    view = await _reserve(world, order, (keyboard.id, 2), (mouse.id, 3))

    assert (view.order_id, view.status) == (order, "held")
    assert {(line.product_id, line.quantity) for line in view.lines} == {
        (keyboard.id, 2),
        (mouse.id, 3),
    }
    assert (await _stock(world, keyboard.id), await _stock(world, mouse.id)) == (
        (5, 2, 3),
        (3, 3, 0),
    )
    assert await _reasons(world, mouse.id) == ["receive", "reserve"]


async def test_reserve_names_each_short_line_and_holds_nothing_when_some_are_short() -> None:
    world = CatalogWorld()
    plenty = await world.a_product(stock=10)
    scarce = await world.a_product(stock=1)
    none = await world.a_product()
    order = an_order_id()

    with pytest.raises(ShortStockError) as caught:
        await _reserve(world, order, (plenty.id, 2), (scarce.id, 2), (none.id, 1))

    assert caught.value.code == "insufficient-stock"
    assert set(caught.value.short_lines) == {
        ShortLine(product_id=scarce.id, requested=2, available=1),
        ShortLine(product_id=none.id, requested=1, available=0),
    }
    assert await _stock(world, plenty.id) == (10, 0, 10)
    async with world.uow() as uow:
        assert await uow.reservations.get(OrderId(order)) is None


async def test_reserve_adds_up_lines_of_one_product_when_repeated_in_the_order() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)

    view = await _reserve(world, an_order_id(), (product.id, 2), (product.id, 3))

    assert [(line.product_id, line.quantity) for line in view.lines] == [(product.id, 5)]
    assert await _stock(world, product.id) == (5, 5, 0)


async def test_reserve_answers_the_same_and_holds_no_more_when_repeated_with_the_same_lines() -> (
    None
):
    world = CatalogWorld()
    a, b = await world.a_product(stock=5), await world.a_product(stock=5)
    order = an_order_id()
    first = await _reserve(world, order, (a.id, 1), (b.id, 2))
    world.tick()

    again = await _reserve(world, order, (b.id, 2), (a.id, 1))

    assert again == first
    assert (await _stock(world, a.id), await _stock(world, b.id)) == ((5, 1, 4), (5, 2, 3))
    assert await _reasons(world, a.id) == ["receive", "reserve"]


async def test_reserve_raises_mismatch_when_the_order_reserved_other_lines() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    order = an_order_id()
    await _reserve(world, order, (product.id, 1))

    with pytest.raises(ReservationMismatchError) as caught:
        await _reserve(world, order, (product.id, 2))

    assert caught.value.code == "reservation-mismatch"
    assert await _stock(world, product.id) == (5, 1, 4)


async def test_reserve_raises_not_found_when_a_product_is_inactive_or_unknown() -> None:
    world = CatalogWorld()
    inactive = await world.a_product(stock=5, active=False)

    for product_id in (inactive.id, uuid4()):
        with pytest.raises(ProductNotFoundError):
            await _reserve(world, an_order_id(), (product_id, 1))


async def test_reserve_names_the_lines_when_none_are_given() -> None:
    world = CatalogWorld()

    with pytest.raises(InvalidValueError) as caught:
        await world.handler(ReserveStockHandler).handle(ReserveStock(order_id=uuid4(), lines=[]))

    assert caught.value.field == "lines"


async def test_commit_takes_the_units_out_of_stock_and_answers_the_same_when_repeated() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    order = an_order_id()
    await _reserve(world, order, (product.id, 2))
    handler = world.handler(CommitReservationHandler)

    first = await handler.handle(CommitReservation(order_id=order))
    world.tick()
    again = await handler.handle(CommitReservation(order_id=order))

    assert first.status == "committed"
    assert again == first
    assert await _stock(world, product.id) == (3, 0, 3)
    assert await _reasons(world, product.id) == ["receive", "reserve", "commit"]


async def test_release_makes_the_units_available_and_answers_the_same_when_repeated() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    order = an_order_id()
    await _reserve(world, order, (product.id, 2))
    handler = world.handler(ReleaseReservationHandler)

    first = await handler.handle(ReleaseReservation(order_id=order))
    again = await handler.handle(ReleaseReservation(order_id=order))

    assert (first.status, again) == ("released", first)
    assert await _stock(world, product.id) == (5, 0, 5)
    assert await _reasons(world, product.id) == ["receive", "reserve", "release"]


async def test_release_raises_illegal_transition_when_the_reservation_was_committed() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    order = an_order_id()
    await _reserve(world, order, (product.id, 2))
    await world.handler(CommitReservationHandler).handle(CommitReservation(order_id=order))

    with pytest.raises(IllegalReservationTransitionError) as caught:
        await world.handler(ReleaseReservationHandler).handle(ReleaseReservation(order_id=order))

    assert caught.value.code == "illegal-reservation-transition"
    assert await _stock(world, product.id) == (3, 0, 3)


async def test_commit_raises_illegal_transition_when_the_reservation_was_released() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    order = an_order_id()
    await _reserve(world, order, (product.id, 2))
    await world.handler(ReleaseReservationHandler).handle(ReleaseReservation(order_id=order))

    with pytest.raises(IllegalReservationTransitionError):
        await world.handler(CommitReservationHandler).handle(CommitReservation(order_id=order))


async def test_return_puts_committed_units_back_once_when_repeated() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    order = an_order_id()
    await _reserve(world, order, (product.id, 2))
    await world.handler(CommitReservationHandler).handle(CommitReservation(order_id=order))
    handler = world.handler(ReturnStockHandler)

    first = await handler.handle(ReturnStock(order_id=order))
    again = await handler.handle(ReturnStock(order_id=order))

    assert (first.status, again) == ("returned", first)
    assert await _stock(world, product.id) == (5, 0, 5)
    assert await _reasons(world, product.id) == ["receive", "reserve", "commit", "refund"]


async def test_return_raises_illegal_transition_when_the_reservation_is_still_held() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    order = an_order_id()
    await _reserve(world, order, (product.id, 2))

    with pytest.raises(IllegalReservationTransitionError):
        await world.handler(ReturnStockHandler).handle(ReturnStock(order_id=order))


async def test_commit_after_return_answers_the_returned_reservation_when_replayed() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    order = an_order_id()
    await _reserve(world, order, (product.id, 2))
    await world.handler(CommitReservationHandler).handle(CommitReservation(order_id=order))
    await world.handler(ReturnStockHandler).handle(ReturnStock(order_id=order))

    view = await world.handler(CommitReservationHandler).handle(CommitReservation(order_id=order))

    assert view.status == "returned"
    assert await _stock(world, product.id) == (5, 0, 5)


@pytest.mark.parametrize(
    "step",
    [
        lambda world, order: world.handler(CommitReservationHandler).handle(
            CommitReservation(order_id=order)
        ),
        lambda world, order: world.handler(ReleaseReservationHandler).handle(
            ReleaseReservation(order_id=order)
        ),
        lambda world, order: world.handler(ReturnStockHandler).handle(ReturnStock(order_id=order)),
    ],
)
async def test_step_raises_reservation_not_found_when_the_order_reserved_nothing(
    step: object,
) -> None:
    world = CatalogWorld()

    with pytest.raises(ReservationNotFoundError):
        await step(world, an_order_id())  # type: ignore[operator]


async def test_reserved_stock_can_still_be_committed_when_the_product_was_deactivated() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    order = an_order_id()
    await _reserve(world, order, (product.id, 2))
    await world.handler(UpdateProductHandler).handle(
        UpdateProduct(actor=world.admin, product_id=product.id, active=False)
    )

    view = await world.handler(CommitReservationHandler).handle(CommitReservation(order_id=order))

    assert view.status == "committed"


async def test_reserve_answers_each_product_as_offered_when_it_holds_the_stock() -> None:
    world = CatalogWorld()
    keyboard = await world.a_product(stock=5)

    view = await _reserve(world, an_order_id(), (keyboard.id, 2))

    assert [(p.product_id, p.sku, p.name, p.price_cents, p.currency) for p in view.offered] == [
        (keyboard.id, keyboard.sku, keyboard.name, keyboard.price_cents, keyboard.currency)
    ]


async def test_commit_many_takes_every_order_s_units_out_in_one_go_when_all_are_held() -> None:
    world = CatalogWorld()
    shared = await world.a_product(stock=10)
    other = await world.a_product(stock=4)
    first, second = an_order_id(), an_order_id()
    await _reserve(world, first, (shared.id, 2), (other.id, 1))
    await _reserve(world, second, (shared.id, 3))

    taken = await world.handler(CommitReservationHandler).handle_many(
        CommitReservations(order_ids=[first, second])
    )

    assert {order: view.status for order, view in taken.reservations.items()} == {
        first: "committed",
        second: "committed",
    }
    assert taken.refused == {}
    assert await _stock(world, shared.id) == (5, 0, 5)
    assert await _stock(world, other.id) == (3, 0, 3)
    assert await _reasons(world, shared.id) == ["receive", "reserve", "reserve", "commit", "commit"]


async def test_commit_many_changes_nothing_when_the_orders_were_committed_before() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    order = an_order_id()
    await _reserve(world, order, (product.id, 2))
    handler = world.handler(CommitReservationHandler)
    await handler.handle_many(CommitReservations(order_ids=[order]))

    again = await handler.handle_many(CommitReservations(order_ids=[order, order]))

    assert again.reservations[order].status == "committed"
    assert await _stock(world, product.id) == (3, 0, 3)
    assert await _reasons(world, product.id) == ["receive", "reserve", "commit"]


async def test_commit_many_reports_and_skips_orders_it_cannot_commit_when_others_can() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=5)
    held, released, unknown = an_order_id(), an_order_id(), an_order_id()
    await _reserve(world, held, (product.id, 1))
    await _reserve(world, released, (product.id, 2))
    await world.handler(ReleaseReservationHandler).handle(ReleaseReservation(order_id=released))

    taken = await world.handler(CommitReservationHandler).handle_many(
        CommitReservations(order_ids=[released, held, unknown])
    )

    assert list(taken.reservations) == [held]
    assert {order: error.code for order, error in taken.refused.items()} == {
        released: "illegal-reservation-transition",
        unknown: "reservation-not-found",
    }
    assert await _stock(world, product.id) == (4, 0, 4)
