"""The relay commits paid orders' stock in batches, as the monolith's bus delivers it: each
order's units leave exactly once, in one catalog transaction per run of paid messages."""

from __future__ import annotations

import asyncio

import pytest

from adapters.outbound.in_process.publisher import InProcessPublisher
from application.ordering.integration_events import ORDER_PAID
from tests.integration.checkout.conftest import NewShop

pytestmark = pytest.mark.postgres

CUSTOMERS = 12


async def test_every_paid_order_s_stock_leaves_once_when_the_relay_commits_them_in_batches(
    new_shop: NewShop,
) -> None:
    shop = await new_shop()
    hot = await shop.a_product(stock=100)
    other = await shop.a_product(stock=100)
    customers = [shop.customer() for _ in range(CUSTOMERS)]
    cards = await asyncio.gather(*(shop.a_card_on_file(customer) for customer in customers))
    orders = await asyncio.gather(
        *(
            shop.checkout(customer, hot if index % 3 else other, 2, card)
            for index, (customer, card) in enumerate(zip(customers, cards, strict=True))
        )
    )
    # Only the stock effects listen, as in the monolith: paid messages come in runs.
    bus = InProcessPublisher()
    for topic, subscriber in shop.consumer.subscriptions().items():
        bus.subscribe(topic, subscriber)

    published = await shop.relay(publisher=bus)
    again = await shop.relay(publisher=bus)
    for order in orders:  # a broker delivers them again, one by one
        await shop.consumer.on_order_paid(
            {"id": "again", "topic": ORDER_PAID, "payload": {"order_id": str(order.id)}}
        )

    sold_hot = 2 * sum(1 for index in range(CUSTOMERS) if index % 3)
    assert (published, again) == (2 * CUSTOMERS, 0)
    assert await shop.stock(hot) == (100 - sold_hot, 0, 100 - sold_hot)
    sold_other = 2 * CUSTOMERS - sold_hot
    assert await shop.stock(other) == (100 - sold_other, 0, 100 - sold_other)
