"""The modular monolith's checkout on real PostgreSQL, at the use-case level.

A ``Shop`` is what one process of the monolith holds: one pool shared by the catalog's
and ordering's PostgreSQL adapters, the in-process catalog gateway, the sandbox payment
processor, the HMAC fingerprinter, the idempotency store, and the in-process bus with the
catalog's stock-effects consumer subscribed (plus a recorder of every envelope). Building
a second Shop on the same database is restarting the process: a new pool, a new
processor and a new bus, nothing kept in memory from before.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

import pytest_asyncio

from adapters.inbound.messaging.stock_effects import StockEffectsConsumer
from adapters.outbound.in_process.catalog_gateway import InProcessCatalogGateway
from adapters.outbound.in_process.publisher import InProcessPublisher
from adapters.outbound.payments.sandbox import SandboxPaymentProcessor
from adapters.outbound.persistence.postgres.catalog import PostgresCatalogUnitOfWork
from adapters.outbound.persistence.postgres.ordering import (
    PostgresIdempotencyStore,
    PostgresOrderingUnitOfWork,
)
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from adapters.outbound.security.fingerprints import HmacInstrumentFingerprinter
from application.catalog.commands.adjust_stock import AdjustStock, AdjustStockHandler
from application.catalog.commands.commit_reservation import CommitReservationHandler
from application.catalog.commands.create_category import CreateCategory, CreateCategoryHandler
from application.catalog.commands.create_product import CreateProduct, CreateProductHandler
from application.catalog.commands.release_reservation import ReleaseReservationHandler
from application.catalog.commands.reserve_stock import ReserveStockHandler
from application.catalog.commands.return_stock import ReturnStockHandler
from application.catalog.queries.get_product import GetProductHandler
from application.catalog.queries.get_stock import GetStock, GetStockHandler
from application.ordering.commands.add_payment_method import (
    AddPaymentMethod,
    AddPaymentMethodHandler,
    CardInput,
)
from application.ordering.commands.place_order import PlaceOrder, PlaceOrderHandler, PlaceOrderLine
from application.ordering.commands.relay_outbox import RelayOutbox, RelayOutboxHandler
from application.ordering.integration_events import TOPICS
from application.ordering.ports import MessagePublisher, OrderFilter
from application.ordering.views import OrderView
from application.shared.actor import Actor
from domain.ordering.order import Order
from tests.builders.catalog import a_unique_sku, a_unique_slug
from tests.builders.ordering import SUCCEEDING_CARD
from tests.support.clock import FixedClock

H = TypeVar("H")

FINGERPRINT_SECRET = b"checkout-test-fingerprint-secret-32b!"
RELAY_BATCH = 100

NewShop = Callable[[], Awaitable["Shop"]]


@dataclass
class Shop:
    pool: ConnectionPool
    clock: FixedClock = field(
        default_factory=lambda: FixedClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    )
    admin: Actor = field(
        default_factory=lambda: Actor(user_id=uuid4(), role="admin", email_verified=True)
    )
    published: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.processor = SandboxPaymentProcessor()
        self.fingerprinter = HmacInstrumentFingerprinter(FINGERPRINT_SECRET)
        self.idempotency = PostgresIdempotencyStore(self.pool)
        self.publisher = InProcessPublisher()
        for topic in TOPICS:
            self.publisher.subscribe(topic, self._record)
        self.consumer = StockEffectsConsumer(
            commit_reservation=lambda: self.catalog_handler(CommitReservationHandler),
            release_reservation=lambda: self.catalog_handler(ReleaseReservationHandler),
            return_stock=lambda: self.catalog_handler(ReturnStockHandler),
        )
        for topic, subscriber in self.consumer.subscriptions().items():
            self.publisher.subscribe(topic, subscriber)

    def catalog_handler(self, cls: type[H]) -> H:
        return _built(cls, uow=PostgresCatalogUnitOfWork(self.pool), clock=self.clock)

    def handler(self, cls: type[H], *, publisher: MessagePublisher | None = None) -> H:
        """An ordering handler, built with the adapters its constructor asks for by name."""
        return _built(
            cls,
            uow=PostgresOrderingUnitOfWork(self.pool),
            clock=self.clock,
            catalog=self.gateway(),
            processor=self.processor,
            fingerprinter=self.fingerprinter,
            publisher=publisher or self.publisher,
        )

    def gateway(self) -> InProcessCatalogGateway:
        return InProcessCatalogGateway(
            get_product=lambda: self.catalog_handler(GetProductHandler),
            reserve_stock=lambda: self.catalog_handler(ReserveStockHandler),
            commit_reservation=lambda: self.catalog_handler(CommitReservationHandler),
            release_reservation=lambda: self.catalog_handler(ReleaseReservationHandler),
            return_stock=lambda: self.catalog_handler(ReturnStockHandler),
        )

    def customer(self) -> Actor:
        return Actor(user_id=uuid4(), role="user", email_verified=True)

    async def a_product(self, *, stock: int, price_cents: int = 2500) -> UUID:
        category = await self.catalog_handler(CreateCategoryHandler).handle(
            CreateCategory(actor=self.admin, name="Lamps", slug=a_unique_slug(), position=0)
        )
        product = await self.catalog_handler(CreateProductHandler).handle(
            CreateProduct(
                actor=self.admin,
                sku=a_unique_sku(),
                name="Desk Lamp",
                price_cents=price_cents,
                currency="EUR",
                category_id=category.id,
            )
        )
        await self.catalog_handler(AdjustStockHandler).handle(
            AdjustStock(actor=self.admin, product_id=product.id, delta=stock, reason="receive")
        )
        return product.id

    async def stock(self, product_id: UUID) -> tuple[int, int, int]:
        """On hand, reserved, available."""
        view = await self.catalog_handler(GetStockHandler).handle(GetStock(product_id=product_id))
        return view.on_hand, view.reserved, view.available

    async def a_card_on_file(self, actor: Actor) -> UUID:
        method = await self.handler(AddPaymentMethodHandler).handle(
            AddPaymentMethod(
                actor=actor,
                kind="card",
                card=CardInput(
                    number=SUCCEEDING_CARD, exp_month=12, exp_year=2030, cvc="123", holder="Ada"
                ),
            )
        )
        return method.id

    async def checkout(
        self, actor: Actor, product_id: UUID, quantity: int, payment_method_id: UUID
    ) -> OrderView:
        """Place the order and pay it in the same request."""
        return await self.handler(PlaceOrderHandler).handle(
            PlaceOrder(
                actor=actor,
                lines=[PlaceOrderLine(product_id=product_id, quantity=quantity)],
                payment_method_id=payment_method_id,
            )
        )

    async def relay(self, *, publisher: MessagePublisher | None = None) -> int:
        """Relay the outbox until it is empty (through ``publisher`` instead of the bus,
        given one); how many messages went out."""
        relay = self.handler(RelayOutboxHandler, publisher=publisher)
        total = 0
        while True:
            result = await relay.handle(RelayOutbox(limit=RELAY_BATCH))
            total += result.published
            if result.stalled or result.published < RELAY_BATCH:
                return total

    async def orders(self, order_filter: OrderFilter | None = None) -> list[Order]:
        async with PostgresOrderingUnitOfWork(self.pool) as uow:
            return await uow.orders.list(order_filter or OrderFilter(), after=None, limit=1000)

    def published_topics(self, order_id: UUID) -> list[str]:
        return [
            envelope["topic"]
            for envelope in self.published
            if envelope["payload"].get("order_id") == str(order_id)
        ]

    async def _record(self, envelope: dict[str, Any]) -> None:
        self.published.append(envelope)


def _built(cls: type[H], **available: object) -> H:
    wanted = inspect.signature(cls).parameters
    return cls(**{name: available[name] for name in wanted})


@pytest_asyncio.fixture
async def new_shop(pg_pool: ConnectionPool, postgres_url: str) -> AsyncIterator[NewShop]:
    """Starts processes of the monolith on the emptied database (``pg_pool`` empties it),
    each with its own pool, and closes them all at the end."""
    async with AsyncExitStack() as stack:

        async def start() -> Shop:
            pool = ConnectionPool(postgres_url)
            stack.push_async_callback(pool.close)
            return Shop(pool)

        yield start
