"""The catalog's consumer of order events, on the catalog's real handlers and memory store."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from adapters.inbound.messaging.stock_effects import StockEffectsConsumer
from application.catalog.commands.commit_reservation import CommitReservationHandler
from application.catalog.commands.release_reservation import ReleaseReservationHandler
from application.catalog.commands.reserve_stock import (
    ReserveLine,
    ReserveStock,
    ReserveStockHandler,
)
from application.catalog.commands.return_stock import ReturnStockHandler
from application.ordering.integration_events import (
    ORDER_CANCELLED,
    ORDER_PAID,
    ORDER_PLACED,
    ORDER_REFUNDED,
)
from domain.catalog.values import ProductId
from tests.builders.catalog_world import CatalogWorld


def _envelope(topic: str, order_id: object, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid4()),
        "topic": topic,
        "occurred_at": "2026-01-01T00:00:00+00:00",
        "payload": {"order_id": str(order_id), **extra},
    }


@pytest.fixture
def catalog() -> CatalogWorld:
    return CatalogWorld()


@pytest.fixture
def consumer(catalog: CatalogWorld) -> StockEffectsConsumer:
    return StockEffectsConsumer(
        commit_reservation=lambda: catalog.handler(CommitReservationHandler),
        release_reservation=lambda: catalog.handler(ReleaseReservationHandler),
        return_stock=lambda: catalog.handler(ReturnStockHandler),
    )


async def _reserved(catalog: CatalogWorld, units: int = 2) -> tuple[UUID, UUID]:
    product = await catalog.a_product(stock=10)
    order_id = uuid4()
    await catalog.handler(ReserveStockHandler).handle(
        ReserveStock(order_id=order_id, lines=[ReserveLine(product_id=product.id, quantity=units)])
    )
    return product.id, order_id


async def _stock(catalog: CatalogWorld, product_id: UUID) -> tuple[int, int]:
    async with catalog.uow() as uow:
        level = await uow.stock.get(ProductId(product_id))
    assert level is not None
    return level.on_hand, level.reserved


def test_subscriptions_cover_paid_cancelled_and_refunded_when_listed(
    consumer: StockEffectsConsumer,
) -> None:
    assert set(consumer.subscriptions()) == {ORDER_PAID, ORDER_CANCELLED, ORDER_REFUNDED}
    assert ORDER_PLACED not in consumer.subscriptions()


async def test_order_paid_commits_the_reservation_once_when_delivered_twice(
    catalog: CatalogWorld, consumer: StockEffectsConsumer
) -> None:
    product_id, order_id = await _reserved(catalog)
    message = _envelope(ORDER_PAID, order_id)

    await consumer.on_order_paid(message)
    await consumer.on_order_paid(message)

    assert await _stock(catalog, product_id) == (8, 0)


async def test_the_reservation_is_released_when_the_order_was_cancelled(
    catalog: CatalogWorld, consumer: StockEffectsConsumer
) -> None:
    product_id, order_id = await _reserved(catalog)

    await consumer.on_order_cancelled(_envelope(ORDER_CANCELLED, order_id, reason="expired"))

    assert await _stock(catalog, product_id) == (10, 0)


async def test_the_stock_is_returned_once_when_the_refund_is_delivered_twice(
    catalog: CatalogWorld, consumer: StockEffectsConsumer
) -> None:
    product_id, order_id = await _reserved(catalog)
    await consumer.on_order_paid(_envelope(ORDER_PAID, order_id))

    await consumer.on_order_refunded(_envelope(ORDER_REFUNDED, order_id))
    await consumer.on_order_refunded(_envelope(ORDER_REFUNDED, order_id))

    assert await _stock(catalog, product_id) == (10, 0)


async def test_unknown_fields_are_ignored_when_the_payload_grew(
    catalog: CatalogWorld, consumer: StockEffectsConsumer
) -> None:
    product_id, order_id = await _reserved(catalog)

    await consumer.on_order_paid(
        _envelope(ORDER_PAID, order_id, loyalty_points=12, gift={"wrap": True})
    )

    assert await _stock(catalog, product_id) == (8, 0)


@pytest.mark.parametrize("payload", [{}, {"order_id": "not-a-uuid"}, None])
async def test_the_message_is_dropped_without_raising_when_it_is_malformed(
    consumer: StockEffectsConsumer, payload: dict[str, Any] | None
) -> None:
    await consumer.on_order_paid({"id": "m-1", "topic": ORDER_PAID, "payload": payload})


async def test_the_message_is_dropped_without_raising_when_the_reservation_cannot_take_it(
    catalog: CatalogWorld, consumer: StockEffectsConsumer
) -> None:
    product_id, order_id = await _reserved(catalog)
    await consumer.on_order_cancelled(_envelope(ORDER_CANCELLED, order_id))

    await consumer.on_order_paid(_envelope(ORDER_PAID, order_id))
    await consumer.on_order_refunded(_envelope(ORDER_REFUNDED, uuid4()))

    assert await _stock(catalog, product_id) == (10, 0)


async def test_a_batch_of_paid_orders_commits_each_reservation_once_when_delivered_twice(
    catalog: CatalogWorld, consumer: StockEffectsConsumer
) -> None:
    first_product, first = await _reserved(catalog, units=2)
    second_product, second = await _reserved(catalog, units=3)
    batch = [_envelope(ORDER_PAID, first), _envelope(ORDER_PAID, second)]

    await consumer.on_orders_paid(batch)
    await consumer.on_orders_paid(batch)

    assert await _stock(catalog, first_product) == (8, 0)
    assert await _stock(catalog, second_product) == (7, 0)


async def test_a_batch_commits_the_others_when_some_messages_cannot_be_applied(
    catalog: CatalogWorld, consumer: StockEffectsConsumer
) -> None:
    released_product, released = await _reserved(catalog)
    await consumer.on_order_cancelled(_envelope(ORDER_CANCELLED, released))
    product_id, paid = await _reserved(catalog, units=4)
    malformed = {"id": "m-2", "topic": ORDER_PAID, "payload": {"order_id": "not-a-uuid"}}

    await consumer.on_orders_paid(
        [
            _envelope(ORDER_PAID, released),
            malformed,
            _envelope(ORDER_PAID, uuid4()),
            _envelope(ORDER_PAID, paid),
        ]
    )

    assert await _stock(catalog, released_product) == (10, 0)
    assert await _stock(catalog, product_id) == (6, 0)
