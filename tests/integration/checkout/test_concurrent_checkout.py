"""Many customers check out the last units at once: stock is never oversold, every order
that got stock is paid, and relaying the outbox lets exactly those units leave."""

from __future__ import annotations

import asyncio

import pytest

from application.ordering.errors import InsufficientStockError
from application.ordering.integration_events import ORDER_PAID, ORDER_PLACED
from application.ordering.ports import OrderFilter
from application.ordering.views import OrderView
from domain.ordering.status import OrderStatus
from tests.integration.checkout.conftest import NewShop

pytestmark = pytest.mark.postgres

IN_STOCK = 20
CUSTOMERS = 100


async def test_exactly_the_stock_is_sold_and_paid_when_many_customers_check_out_at_once(
    new_shop: NewShop,
) -> None:
    shop = await new_shop()
    product_id = await shop.a_product(stock=IN_STOCK)
    customers = [shop.customer() for _ in range(CUSTOMERS)]
    cards = await asyncio.gather(*(shop.a_card_on_file(customer) for customer in customers))

    async def checkout(index: int) -> OrderView | InsufficientStockError:
        try:
            return await shop.checkout(customers[index], product_id, 1, cards[index])
        except InsufficientStockError as error:
            return error

    outcomes = await asyncio.gather(*(checkout(index) for index in range(CUSTOMERS)))
    stock_before_relay = await shop.stock(product_id)
    published = await shop.relay()

    sold = [outcome for outcome in outcomes if isinstance(outcome, OrderView)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, InsufficientStockError)]
    assert len(sold) == IN_STOCK
    assert all(order.status == OrderStatus.PAID.value for order in sold)
    assert len(refused) == CUSTOMERS - IN_STOCK
    assert all(
        [(line.requested, line.available) for line in error.short_lines] == [(1, 0)]
        for error in refused
    )
    assert stock_before_relay == (IN_STOCK, IN_STOCK, 0)
    assert await shop.stock(product_id) == (0, 0, 0)
    stored = await shop.orders()
    assert len(stored) == IN_STOCK
    assert {order.status for order in stored} == {OrderStatus.PAID}
    assert len(shop.processor.charges) == IN_STOCK
    assert published == 2 * IN_STOCK
    assert all(shop.published_topics(order.id) == [ORDER_PLACED, ORDER_PAID] for order in sold)
    assert await shop.orders(OrderFilter(status=OrderStatus.PENDING_PAYMENT)) == []
