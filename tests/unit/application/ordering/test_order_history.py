"""Order history: customers see their own orders, admins everyone's, filtered and paged."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from application.ordering.queries.get_order import GetOrder, GetOrderHandler
from application.ordering.queries.list_all_orders import ListAllOrders, ListAllOrdersHandler
from application.ordering.queries.list_orders import ListOrders, ListOrdersHandler
from application.shared.actor import Actor
from application.shared.errors import PermissionDeniedError
from domain.ordering.errors import OrderNotFoundError
from domain.shared.errors import InvalidValueError
from tests.builders.ordering_world import OrderingWorld


async def _orders(
    world: OrderingWorld, actor: Actor, count: int, *, paid: bool = False
) -> list[UUID]:
    product = await world.a_product(stock=100)
    method = (await world.a_card_on_file(actor)).id if paid else None
    ids = []
    for _ in range(count):
        ids.append((await world.place(actor, (product.id, 1), payment_method_id=method)).id)
        world.catalog.tick()
    return ids


async def _all_pages(world: OrderingWorld, query: ListOrders | ListAllOrders) -> list[UUID]:
    """Follow the cursors from the first page to the last; the ids in order."""
    seen: list[UUID] = []
    cursor = None
    while True:
        paged = replace(query, cursor=cursor)
        if isinstance(paged, ListOrders):
            page = await world.handler(ListOrdersHandler).handle(paged)
        else:
            page = await world.handler(ListAllOrdersHandler).handle(paged)
        seen.extend(item.id for item in page.items)
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


async def test_get_returns_lines_totals_payments_and_history_when_the_order_is_the_actors() -> None:
    world = OrderingWorld()
    actor = world.customer()
    [order_id] = await _orders(world, actor, 1, paid=True)

    view = await world.handler(GetOrderHandler).handle(GetOrder(actor=actor, order_id=order_id))

    assert (view.id, view.status, len(view.lines), len(view.payments)) == (order_id, "paid", 1, 1)
    assert [h.to_status for h in view.history] == ["pending_payment", "paid"]
    assert view.total_cents == view.lines[0].line_total_cents


async def test_get_raises_not_found_when_the_order_is_another_customers_or_unknown() -> None:
    world = OrderingWorld()
    [order_id] = await _orders(world, world.customer(), 1)

    for wanted in (order_id, uuid4()):
        with pytest.raises(OrderNotFoundError):
            await world.handler(GetOrderHandler).handle(
                GetOrder(actor=world.customer(), order_id=wanted)
            )


async def test_get_returns_the_order_when_an_admin_reads_another_customers_order() -> None:
    world = OrderingWorld()
    [order_id] = await _orders(world, world.customer(), 1)

    view = await world.handler(GetOrderHandler).handle(
        GetOrder(actor=world.admin(), order_id=order_id)
    )

    assert view.id == order_id


async def test_list_pages_through_the_actors_own_orders_newest_first_when_others_exist() -> None:
    world = OrderingWorld()
    actor = world.customer()
    mine = await _orders(world, actor, 5)
    await _orders(world, world.customer(), 2)

    listed = await _all_pages(world, ListOrders(actor=actor, limit=2))

    assert listed == list(reversed(mine))


async def test_list_filters_by_status_when_a_status_is_given() -> None:
    world = OrderingWorld()
    actor = world.customer()
    pending = await _orders(world, actor, 2)
    await _orders(world, actor, 2, paid=True)

    listed = await _all_pages(world, ListOrders(actor=actor, status="pending_payment", limit=10))

    assert listed == list(reversed(pending))


async def test_list_all_applies_status_customer_and_date_range_when_an_admin_filters() -> None:
    world = OrderingWorld()
    first, second = world.customer(), world.customer()
    start = world.clock.now()
    early = await _orders(world, first, 2)
    world.catalog.tick(3600)
    middle = world.clock.now()
    late_first = await _orders(world, first, 2)
    await _orders(world, second, 2, paid=True)
    admin = world.admin()

    by_range = await _all_pages(
        world, ListAllOrders(actor=admin, created_from=start, created_to=middle, limit=3)
    )
    by_customer = await _all_pages(
        world, ListAllOrders(actor=admin, customer_id=first.user_id, status="pending_payment")
    )
    everyone = await _all_pages(world, ListAllOrders(actor=admin, limit=4))

    assert by_range == list(reversed(early))
    assert by_customer == list(reversed(early + late_first))
    assert len(everyone) == 6


async def test_list_all_raises_permission_denied_when_the_actor_is_not_an_admin() -> None:
    world = OrderingWorld()

    with pytest.raises(PermissionDeniedError):
        await world.handler(ListAllOrdersHandler).handle(ListAllOrders(actor=world.customer()))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"limit": 0}, "limit"),
        ({"cursor": "garbage"}, "cursor"),
        ({"created_to": "from-minus-1h"}, "created_to"),
    ],
)
async def test_list_all_raises_invalid_value_when_a_filter_is_wrong(
    fields: dict[str, object], field: str
) -> None:
    world = OrderingWorld()
    now = world.clock.now()
    if fields.get("created_to") == "from-minus-1h":
        fields = {"created_from": now, "created_to": now - timedelta(hours=1)}

    with pytest.raises(InvalidValueError) as caught:
        await world.handler(ListAllOrdersHandler).handle(
            ListAllOrders(actor=world.admin(), **fields)  # type: ignore[arg-type]
        )

    assert caught.value.field == field
