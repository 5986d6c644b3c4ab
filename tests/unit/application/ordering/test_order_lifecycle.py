"""An order's life after placement: cancel, ship, deliver, refund, expire, and their stock."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from application.ordering.commands.cancel_order import CancelOrder, CancelOrderHandler
from application.ordering.commands.change_order_status import (
    ChangeOrderStatus,
    ChangeOrderStatusHandler,
)
from application.ordering.commands.expire_pending_orders import (
    ExpirePendingOrders,
    ExpirePendingOrdersHandler,
)
from application.ordering.queries.get_order import GetOrder, GetOrderHandler
from application.ordering.views import OrderView
from application.shared.actor import Actor
from application.shared.errors import PermissionDeniedError
from domain.ordering.errors import IllegalTransitionError, OrderNotFoundError
from domain.shared.errors import InvalidValueError
from tests.builders.ordering_world import OrderingWorld


async def _order(
    world: OrderingWorld, actor: Actor, *, paid: bool = False, units: int = 2
) -> tuple[OrderView, UUID]:
    product = await world.a_product(stock=10, price_cents=1000)
    method = (await world.a_card_on_file(actor)).id if paid else None
    order = await world.place(actor, (product.id, units), payment_method_id=method)
    return order, product.id


async def _get(world: OrderingWorld, order_id: UUID) -> OrderView:
    return await world.handler(GetOrderHandler).handle(
        GetOrder(actor=world.admin(), order_id=order_id)
    )


async def _cancel(world: OrderingWorld, actor: Actor, order_id: UUID, **extra: str) -> OrderView:
    return await world.handler(CancelOrderHandler).handle(
        CancelOrder(actor=actor, order_id=order_id, **extra)
    )


async def _change(
    world: OrderingWorld, actor: Actor, order_id: UUID, status: str, reason: str | None = None
) -> OrderView:
    return await world.handler(ChangeOrderStatusHandler).handle(
        ChangeOrderStatus(actor=actor, order_id=order_id, status=status, reason=reason)
    )


async def test_cancel_releases_the_stock_after_relay_when_the_customer_cancels() -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, product_id = await _order(world, actor)

    cancelled = await _cancel(world, actor, order.id, reason="changed my mind")

    assert cancelled.status == "cancelled"
    last = cancelled.history[-1]
    assert (last.from_status, last.to_status, last.by, last.reason) == (
        "pending_payment",
        "cancelled",
        actor.user_id,
        "changed my mind",
    )
    assert await world.stock(product_id) == (10, 2, 8)
    await world.relay()
    assert await world.stock(product_id) == (10, 0, 10)
    assert "ordering.order_cancelled.v1" in world.published_topics(order.id)


async def test_cancel_succeeds_when_an_admin_cancels_another_customers_pending_order() -> None:
    world = OrderingWorld()
    order, _ = await _order(world, world.customer())
    admin = world.admin()

    cancelled = await _cancel(world, admin, order.id)

    assert (cancelled.status, cancelled.history[-1].by) == ("cancelled", admin.user_id)


async def test_cancel_raises_not_found_when_the_order_is_another_customers() -> None:
    world = OrderingWorld()
    order, _ = await _order(world, world.customer())

    with pytest.raises(OrderNotFoundError):
        await _cancel(world, world.customer(), order.id)


async def test_cancel_raises_illegal_transition_when_the_order_is_paid() -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, _ = await _order(world, actor, paid=True)

    with pytest.raises(IllegalTransitionError) as caught:
        await _cancel(world, actor, order.id)

    assert caught.value.extensions() == {"status": "paid", "requested_status": "cancelled"}


async def test_history_records_each_step_when_an_admin_ships_then_delivers_a_paid_order() -> None:
    world = OrderingWorld()
    order, _ = await _order(world, world.customer(), paid=True)
    admin = world.admin()

    await _change(world, admin, order.id, "shipped", reason="DHL 123")
    delivered = await _change(world, admin, order.id, "delivered")

    assert delivered.status == "delivered"
    assert [(h.to_status, h.by, h.reason) for h in delivered.history[2:]] == [
        ("shipped", admin.user_id, "DHL 123"),
        ("delivered", admin.user_id, None),
    ]


async def test_stock_is_returned_after_relay_when_an_admin_refunds_through_the_processor() -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, product_id = await _order(world, actor, paid=True, units=3)
    await world.relay()

    refunded = await _change(world, world.admin(), order.id, "refunded", reason="damaged")

    assert refunded.status == "refunded"
    assert refunded.refund is not None
    assert (refunded.refund.amount_cents, refunded.refund.reference[:10]) == (3000, "re_sandbox")
    [charge] = world.processor.charges
    assert charge.refunded == 3000
    await world.relay()
    assert await world.stock(product_id) == (10, 0, 10)
    assert world.published_topics(order.id)[-1] == "ordering.order_refunded.v1"


async def test_refund_raises_illegal_transition_and_refunds_nothing_when_the_order_shipped() -> (
    None
):
    world = OrderingWorld()
    order, _ = await _order(world, world.customer(), paid=True)
    admin = world.admin()
    await _change(world, admin, order.id, "shipped")

    with pytest.raises(IllegalTransitionError):
        await _change(world, admin, order.id, "refunded")

    assert world.processor.charges[0].refunded == 0


@pytest.mark.parametrize("status", ["shipped", "refunded"])
async def test_change_raises_illegal_transition_when_the_order_is_not_paid(status: str) -> None:
    world = OrderingWorld()
    order, _ = await _order(world, world.customer())

    with pytest.raises(IllegalTransitionError):
        await _change(world, world.admin(), order.id, status)


@pytest.mark.parametrize("status", ["paid", "cancelled", "pending_payment", "lost"])
async def test_change_raises_invalid_status_when_the_status_is_not_an_admin_step(
    status: str,
) -> None:
    world = OrderingWorld()
    order, _ = await _order(world, world.customer(), paid=True)

    with pytest.raises(InvalidValueError) as caught:
        await _change(world, world.admin(), order.id, status)

    assert caught.value.field == "status"


async def test_change_raises_permission_denied_when_the_actor_is_not_an_admin() -> None:
    world = OrderingWorld()
    actor = world.customer()
    order, _ = await _order(world, actor, paid=True)

    with pytest.raises(PermissionDeniedError):
        await _change(world, actor, order.id, "shipped")


async def test_expire_cancels_only_old_pending_orders_and_frees_their_stock_when_run() -> None:
    world = OrderingWorld()
    actor = world.customer()
    old, product_id = await _order(world, actor)
    paid, _ = await _order(world, actor, paid=True)
    world.catalog.tick(3600)
    fresh, _ = await _order(world, actor)

    result = await world.handler(ExpirePendingOrdersHandler).handle(
        ExpirePendingOrders(now=world.clock.now(), older_than=timedelta(minutes=30))
    )

    assert result.expired == (old.id,)
    await world.relay()
    assert await world.stock(product_id) == (10, 0, 10)
    statuses = [(await _get(world, order.id)).status for order in (old, paid, fresh)]
    assert statuses == ["cancelled", "paid", "pending_payment"]
    expired = await _get(world, old.id)
    assert (expired.history[-1].by, expired.history[-1].reason) == (None, "expired")


async def test_expire_raises_invalid_value_when_older_than_is_not_positive() -> None:
    world = OrderingWorld()

    with pytest.raises(InvalidValueError):
        await world.handler(ExpirePendingOrdersHandler).handle(
            ExpirePendingOrders(now=world.clock.now(), older_than=timedelta(0))
        )
