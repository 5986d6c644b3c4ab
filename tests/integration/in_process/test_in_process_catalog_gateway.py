"""The CatalogGateway contract, served in process by the catalog's real handlers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID, uuid4

import pytest

from adapters.outbound.in_process.catalog_gateway import InProcessCatalogGateway
from application.catalog.commands.update_product import UpdateProduct, UpdateProductHandler
from application.ordering.errors import (
    InsufficientStockError,
    ProductUnavailableError,
    ReservationStateError,
    ShortLine,
)
from application.ordering.ports import PricedProduct
from domain.ordering.lines import RequestedLine
from domain.ordering.values import OrderId, ProductId
from domain.shared.money import Money
from tests.builders.ordering_world import OrderingWorld

Step = Callable[[OrderId], Awaitable[None]]


def _lines(*pairs: tuple[UUID, int]) -> list[RequestedLine]:
    return [RequestedLine(product_id=ProductId(pid), quantity=qty) for pid, qty in pairs]


def _order_id() -> OrderId:
    return OrderId(uuid4())


@pytest.fixture
def world() -> OrderingWorld:
    return OrderingWorld()


@pytest.fixture
def gateway(world: OrderingWorld) -> InProcessCatalogGateway:
    return world.gateway()


async def test_price_lines_answers_sku_name_and_price_when_the_product_is_offered(
    world: OrderingWorld, gateway: InProcessCatalogGateway
) -> None:
    product = await world.a_product(name="Trackball", price_cents=3450, currency="USD")

    priced = await gateway.price_lines([ProductId(product.id)])

    assert priced == {
        product.id: PricedProduct(
            product_id=ProductId(product.id),
            sku=product.sku,
            name="Trackball",
            unit_price=Money(3450, "USD"),
        )
    }


async def test_price_lines_leaves_products_out_when_unknown_or_inactive(
    world: OrderingWorld, gateway: InProcessCatalogGateway
) -> None:
    offered = await world.a_product()
    inactive = await world.a_product(active=False)

    priced = await gateway.price_lines(
        [ProductId(pid) for pid in (offered.id, inactive.id, uuid4())]
    )

    assert list(priced) == [offered.id]


async def test_reserve_holds_every_line_once_when_repeated_for_one_order(
    world: OrderingWorld, gateway: InProcessCatalogGateway
) -> None:
    keyboard, mouse = await world.a_product(stock=5), await world.a_product(stock=3)
    order = _order_id()

    await gateway.reserve(order, _lines((keyboard.id, 2), (mouse.id, 3)))
    await gateway.reserve(order, _lines((keyboard.id, 2), (mouse.id, 3)))

    assert await world.stock(keyboard.id) == (5, 2, 3)
    assert await world.stock(mouse.id) == (3, 3, 0)


async def test_reserve_raises_orderings_insufficient_stock_when_a_line_is_short(
    world: OrderingWorld, gateway: InProcessCatalogGateway
) -> None:
    plenty, scarce = await world.a_product(stock=9), await world.a_product(stock=1)

    with pytest.raises(InsufficientStockError) as caught:
        await gateway.reserve(_order_id(), _lines((plenty.id, 2), (scarce.id, 4)))

    assert caught.value.short_lines == (ShortLine(product_id=scarce.id, requested=4, available=1),)
    assert await world.stock(plenty.id) == (9, 0, 9)


async def test_reserve_raises_product_unavailable_when_a_product_was_deactivated(
    world: OrderingWorld, gateway: InProcessCatalogGateway
) -> None:
    product = await world.a_product(stock=5)
    await world.catalog.handler(UpdateProductHandler).handle(
        UpdateProduct(actor=world.catalog.admin, product_id=product.id, active=False)
    )

    with pytest.raises(ProductUnavailableError) as caught:
        await gateway.reserve(_order_id(), _lines((product.id, 1)))

    assert caught.value.product_id == str(product.id)


async def test_reserve_raises_reservation_state_when_the_order_reserved_other_lines(
    world: OrderingWorld, gateway: InProcessCatalogGateway
) -> None:
    product = await world.a_product(stock=5)
    order = _order_id()
    await gateway.reserve(order, _lines((product.id, 1)))

    with pytest.raises(ReservationStateError):
        await gateway.reserve(order, _lines((product.id, 2)))


async def test_release_frees_the_held_stock_once_when_repeated(
    world: OrderingWorld, gateway: InProcessCatalogGateway
) -> None:
    product = await world.a_product(stock=5)
    order = _order_id()
    await gateway.reserve(order, _lines((product.id, 2)))

    await gateway.release(order)
    await gateway.release(order)

    assert await world.stock(product.id) == (5, 0, 5)


async def test_release_does_nothing_when_the_order_reserved_nothing(
    gateway: InProcessCatalogGateway,
) -> None:
    await gateway.release(_order_id())


async def test_commit_then_return_move_the_units_out_and_back_once_when_repeated(
    world: OrderingWorld, gateway: InProcessCatalogGateway
) -> None:
    product = await world.a_product(stock=5)
    order = _order_id()
    await gateway.reserve(order, _lines((product.id, 2)))

    await gateway.commit(order)
    await gateway.commit(order)
    committed = await world.stock(product.id)
    await gateway.return_stock(order)
    await gateway.return_stock(order)

    assert committed == (3, 0, 3)
    assert await world.stock(product.id) == (5, 0, 5)


async def test_steps_raise_reservation_state_when_the_reservation_cannot_take_them(
    world: OrderingWorld, gateway: InProcessCatalogGateway
) -> None:
    product = await world.a_product(stock=5)
    released, committed = _order_id(), _order_id()
    await gateway.reserve(released, _lines((product.id, 1)))
    await gateway.release(released)
    await gateway.reserve(committed, _lines((product.id, 1)))
    await gateway.commit(committed)

    refused: list[tuple[Step, OrderId]] = [
        (gateway.commit, released),
        (gateway.return_stock, released),
        (gateway.release, committed),
        (gateway.commit, _order_id()),
        (gateway.return_stock, _order_id()),
    ]

    for step, order_id in refused:
        with pytest.raises(ReservationStateError):
            await step(order_id)
