"""Placing orders: verified email, priced snapshots, all-or-nothing stock, pay on placement."""

from __future__ import annotations

from uuid import uuid4

import pytest

from adapters.outbound.persistence.memory.ordering import InMemoryOrderingUnitOfWork
from application.catalog.commands.update_product import UpdateProduct, UpdateProductHandler
from application.ordering.commands.place_order import PlaceOrder, PlaceOrderHandler, PlaceOrderLine
from application.ordering.errors import (
    EmailNotVerifiedError,
    InsufficientStockError,
    ProductUnavailableError,
    ShortLine,
)
from application.ordering.queries.get_order import GetOrder, GetOrderHandler
from application.shared.errors import DependencyUnavailableError
from domain.ordering.errors import (
    DuplicateLineError,
    MixedCurrenciesError,
    PaymentMethodNotFoundError,
)
from domain.shared.errors import InvalidValueError
from tests.builders.ordering import DECLINED_CARD
from tests.builders.ordering_world import OrderingWorld


async def test_place_snapshots_sku_name_and_price_and_reserves_stock_when_all_is_offered() -> None:
    world = OrderingWorld()
    actor = world.customer()
    keyboard = await world.a_product(name="Keyboard", price_cents=4999, stock=5)
    mouse = await world.a_product(name="Mouse", price_cents=1500, stock=3)

    order = await world.place(actor, (keyboard.id, 2), (mouse.id, 1))

    assert (order.status, order.customer_id, order.total_cents, order.currency) == (
        "pending_payment",
        actor.user_id,
        11498,
        "EUR",
    )
    assert [
        (line.product_id, line.sku, line.name, line.unit_price_cents, line.quantity,
         line.line_total_cents)
        for line in order.lines
    ] == [
        (keyboard.id, keyboard.sku, "Keyboard", 4999, 2, 9998),
        (mouse.id, mouse.sku, "Mouse", 1500, 1, 1500),
    ]  # fmt: skip
    assert [(h.from_status, h.to_status, h.by) for h in order.history] == [
        (None, "pending_payment", actor.user_id)
    ]
    assert order.payments == ()
    assert await world.stock(keyboard.id) == (5, 2, 3)
    assert await world.stock(mouse.id) == (3, 1, 2)


async def test_the_order_keeps_its_prices_when_the_catalog_reprices_later() -> None:
    world = OrderingWorld()
    actor = world.customer()
    product = await world.a_product(price_cents=1000)
    order = await world.place(actor, (product.id, 1))

    await world.catalog.handler(UpdateProductHandler).handle(
        UpdateProduct(actor=world.catalog.admin, product_id=product.id, price_cents=9999)
    )

    stored = await world.handler(GetOrderHandler).handle(GetOrder(actor=actor, order_id=order.id))
    assert (stored.total_cents, stored.lines[0].unit_price_cents) == (1000, 1000)


async def test_place_records_order_placed_in_the_outbox_when_the_order_is_saved() -> None:
    world = OrderingWorld()
    product = await world.a_product()

    order = await world.place(world.customer(), (product.id, 3))

    assert await world.relay() == 1
    [envelope] = world.published
    assert envelope["topic"] == "ordering.order_placed.v1"
    assert envelope["payload"]["order_id"] == str(order.id)
    assert envelope["payload"]["lines"] == [
        {
            "product_id": str(product.id),
            "sku": product.sku,
            "quantity": 3,
            "unit_price_cents": product.price_cents,
        }
    ]


async def test_place_raises_email_not_verified_and_reserves_nothing_when_unverified() -> None:
    world = OrderingWorld()
    product = await world.a_product(stock=5)

    with pytest.raises(EmailNotVerifiedError) as caught:
        await world.place(world.customer(verified=False), (product.id, 1))

    assert caught.value.code == "email-not-verified"
    assert await world.stock(product.id) == (5, 0, 5)


async def test_place_raises_insufficient_stock_naming_every_line_when_some_are_short() -> None:
    world = OrderingWorld()
    actor = world.customer()
    plenty = await world.a_product(stock=10)
    scarce = await world.a_product(stock=1)
    none = await world.a_product(stock=0)

    with pytest.raises(InsufficientStockError) as caught:
        await world.place(actor, (plenty.id, 2), (scarce.id, 2), (none.id, 1))

    assert caught.value.code == "insufficient-stock"
    assert set(caught.value.short_lines) == {
        ShortLine(product_id=scarce.id, requested=2, available=1),
        ShortLine(product_id=none.id, requested=1, available=0),
    }
    assert caught.value.extensions()["short_lines"] == [
        {
            "product_id": str(line.product_id),
            "requested": line.requested,
            "available": line.available,
        }
        for line in caught.value.short_lines
    ]
    assert await world.stock(plenty.id) == (10, 0, 10)
    assert await world.relay() == 0


async def test_place_raises_product_unavailable_naming_the_line_when_unknown_or_inactive() -> None:
    world = OrderingWorld()
    offered = await world.a_product()
    inactive = await world.a_product(active=False)

    for product_id in (inactive.id, uuid4()):
        with pytest.raises(ProductUnavailableError) as caught:
            await world.place(world.customer(), (offered.id, 1), (product_id, 1))

        assert (caught.value.field, caught.value.code) == (
            "lines[1].product_id",
            "product-unavailable",
        )
    assert await world.stock(offered.id) == (10, 0, 10)


async def test_place_raises_mixed_currencies_and_holds_nothing_when_prices_differ() -> None:
    world = OrderingWorld()
    euros = await world.a_product(currency="EUR")
    dollars = await world.a_product(currency="USD")

    with pytest.raises(MixedCurrenciesError):
        await world.place(world.customer(), (euros.id, 1), (dollars.id, 1))

    assert await world.stock(euros.id) == (10, 0, 10)


async def test_place_raises_duplicate_line_when_a_product_is_on_two_lines() -> None:
    world = OrderingWorld()
    product = await world.a_product()

    with pytest.raises(DuplicateLineError) as caught:
        await world.place(world.customer(), (product.id, 1), (product.id, 2))

    assert caught.value.field == "lines[1].product_id"


@pytest.mark.parametrize(
    ("count", "quantity", "field"), [(0, 1, "lines"), (1, 101, "lines[0].quantity")]
)
async def test_place_raises_invalid_value_when_lines_break_their_bounds(
    count: int, quantity: int, field: str
) -> None:
    world = OrderingWorld()
    products = [await world.a_product() for _ in range(count)]

    with pytest.raises(InvalidValueError) as caught:
        await world.place(world.customer(), *((product.id, quantity) for product in products))

    assert caught.value.field == field


async def test_place_raises_not_found_and_holds_nothing_when_the_method_is_someone_elses() -> None:
    world = OrderingWorld()
    product = await world.a_product(stock=5)
    theirs = await world.a_card_on_file(world.customer())

    with pytest.raises(PaymentMethodNotFoundError):
        await world.place(world.customer(), (product.id, 1), payment_method_id=theirs.id)

    assert await world.stock(product.id) == (5, 0, 5)


async def test_place_pays_and_commits_the_stock_when_a_payment_method_is_given() -> None:
    world = OrderingWorld()
    actor = world.customer()
    product = await world.a_product(stock=5, price_cents=2000)
    card = await world.a_card_on_file(actor)

    order = await world.place(actor, (product.id, 2), payment_method_id=card.id)

    assert order.status == "paid"
    assert [(p.attempt_no, p.outcome, p.amount_cents) for p in order.payments] == [
        (1, "succeeded", 4000)
    ]
    assert [h.to_status for h in order.history] == ["pending_payment", "paid"]
    await world.relay()
    assert world.published_topics(order.id) == [
        "ordering.order_placed.v1",
        "ordering.order_paid.v1",
    ]
    assert await world.stock(product.id) == (3, 0, 3)


async def test_place_returns_the_order_pending_with_the_failed_attempt_when_the_card_declines() -> (
    None
):
    world = OrderingWorld()
    actor = world.customer()
    product = await world.a_product(stock=5)
    card = await world.a_card_on_file(actor, DECLINED_CARD)

    order = await world.place(actor, (product.id, 1), payment_method_id=card.id)

    assert order.status == "pending_payment"
    assert [(p.outcome, p.failure_reason) for p in order.payments] == [
        ("declined", "card_declined")
    ]
    assert await world.stock(product.id) == (5, 1, 4)


class _FailingCommitUnitOfWork(InMemoryOrderingUnitOfWork):
    """The database goes away at the commit."""

    async def commit(self) -> None:
        raise DependencyUnavailableError("the ordering database")


async def test_place_releases_the_reservation_when_the_order_cannot_be_saved() -> None:
    world = OrderingWorld()
    product = await world.a_product(stock=5)
    handler = PlaceOrderHandler(
        uow=_FailingCommitUnitOfWork(world.store),
        catalog=world.gateway(),
        processor=world.processor,
        clock=world.clock,
    )

    with pytest.raises(DependencyUnavailableError):
        await handler.handle(
            PlaceOrder(
                actor=world.customer(), lines=[PlaceOrderLine(product_id=product.id, quantity=2)]
            )
        )

    assert await world.stock(product.id) == (5, 0, 5)
