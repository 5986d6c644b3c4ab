"""A process dies with paid orders' messages still in the outbox, or in the middle of
relaying them: the process started after it relays them, and each order's stock leaves
exactly once however often its message is delivered."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from application.ordering.integration_events import ORDER_PAID, ORDER_PLACED
from application.ordering.ports import MessagePublisher, OutboxMessage
from domain.ordering.status import OrderStatus
from tests.integration.checkout.conftest import NewShop

pytestmark = pytest.mark.postgres


class _ProcessKilledError(BaseException):
    """The process ends here: nothing after this line of the relay runs."""


class _DyingPublisher(MessagePublisher):
    """Delivers every message, then dies before the relay can mark the batch published."""

    def __init__(self, inner: MessagePublisher, *, dies_after: int) -> None:
        self._inner = inner
        self._left = dies_after

    async def publish(self, message: OutboxMessage) -> None:
        await self._inner.publish(message)
        self._left -= 1
        if self._left == 0:
            raise _ProcessKilledError

    async def publish_many(self, messages: Sequence[OutboxMessage]) -> int:
        accepted = await self._inner.publish_many(messages)
        self._left -= accepted
        if self._left <= 0:
            raise _ProcessKilledError
        return accepted


async def test_stock_leaves_once_when_a_restarted_process_relays_what_the_killed_one_left(
    new_shop: NewShop,
) -> None:
    killed = await new_shop()
    product_id = await killed.a_product(stock=10)
    customer = killed.customer()
    order = await killed.checkout(customer, product_id, 3, await killed.a_card_on_file(customer))
    await killed.pool.close()  # the process is gone; nothing was relayed

    restarted = await new_shop()
    before = await restarted.stock(product_id)
    published = await restarted.relay()
    after_relay = await restarted.stock(product_id)
    for envelope in list(restarted.published):  # the broker delivers them all again
        if envelope["topic"] == ORDER_PAID:
            await restarted.consumer.on_order_paid(envelope)
    again = await (await new_shop()).relay()

    assert order.status == OrderStatus.PAID.value
    assert killed.published == []
    assert before == (10, 3, 7)
    assert published == 2
    assert restarted.published_topics(order.id) == [ORDER_PLACED, ORDER_PAID]
    assert after_relay == (7, 0, 7)
    assert again == 0
    assert await restarted.stock(product_id) == (7, 0, 7)


async def test_stock_leaves_once_when_the_process_dies_after_delivering_before_marking(
    new_shop: NewShop,
) -> None:
    killed = await new_shop()
    product_id = await killed.a_product(stock=10)
    customer = killed.customer()
    order = await killed.checkout(customer, product_id, 4, await killed.a_card_on_file(customer))
    with pytest.raises(_ProcessKilledError):
        await killed.relay(publisher=_DyingPublisher(killed.publisher, dies_after=2))
    delivered_before_death = await killed.stock(product_id)
    await killed.pool.close()

    restarted = await new_shop()
    published = await restarted.relay()

    assert killed.published_topics(order.id) == [ORDER_PLACED, ORDER_PAID]
    assert delivered_before_death == (6, 0, 6)
    assert published == 2  # both again: their batch was never marked published
    assert restarted.published_topics(order.id) == [ORDER_PLACED, ORDER_PAID]
    assert await restarted.stock(product_id) == (6, 0, 6)
    assert await (await new_shop()).relay() == 0
