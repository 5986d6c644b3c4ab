"""Ordering's handlers wired to in-memory adapters, as unit tests use them.

The world is a small monolith: ordering's memory store, the sandbox processor (whose
sleeps return at once and are recorded), the HMAC fingerprinter, the in-process catalog
gateway over a CatalogWorld's real handlers and memory store, and the in-process bus with
the catalog's stock-effects consumer subscribed, plus a recorder of every message.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID, uuid4

from adapters.inbound.messaging.stock_effects import StockEffectsConsumer
from adapters.outbound.in_process.catalog_gateway import InProcessCatalogGateway
from adapters.outbound.in_process.publisher import InProcessPublisher
from adapters.outbound.payments.sandbox import SandboxPaymentProcessor
from adapters.outbound.persistence.memory.ordering import (
    InMemoryIdempotencyStore,
    InMemoryOrderingStore,
    InMemoryOrderingUnitOfWork,
)
from adapters.outbound.security.fingerprints import HmacInstrumentFingerprinter
from application.catalog.commands.commit_reservation import CommitReservationHandler
from application.catalog.commands.release_reservation import ReleaseReservationHandler
from application.catalog.commands.reserve_stock import ReserveStockHandler
from application.catalog.commands.return_stock import ReturnStockHandler
from application.catalog.queries.get_product import GetProductHandler
from application.catalog.queries.get_stock import GetStock, GetStockHandler
from application.catalog.views import ProductView
from application.ordering.commands.add_payment_method import (
    AddPaymentMethod,
    AddPaymentMethodHandler,
    BankAccountInput,
    CardInput,
    WalletInput,
)
from application.ordering.commands.place_order import PlaceOrder, PlaceOrderHandler, PlaceOrderLine
from application.ordering.commands.relay_outbox import RelayOutbox, RelayOutboxHandler
from application.ordering.integration_events import TOPICS
from application.ordering.views import OrderView, PaymentMethodView
from application.shared.actor import Actor
from tests.builders.catalog_world import CatalogWorld
from tests.builders.ordering import GERMAN_IBAN, SUCCEEDING_CARD
from tests.support.clock import FixedClock

H = TypeVar("H")

FINGERPRINT_SECRET = b"test-fingerprint-secret-of-32-bytes!"
PROCESSOR_TIMEOUT = 10.0


@dataclass
class OrderingWorld:
    catalog: CatalogWorld = field(default_factory=CatalogWorld)
    store: InMemoryOrderingStore = field(default_factory=InMemoryOrderingStore)
    sleeps: list[float] = field(default_factory=list)
    published: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.processor = SandboxPaymentProcessor(
            timeout=PROCESSOR_TIMEOUT, slow_delay=3 * PROCESSOR_TIMEOUT, sleep=self._sleep
        )
        self.fingerprinter = HmacInstrumentFingerprinter(FINGERPRINT_SECRET)
        self.idempotency = InMemoryIdempotencyStore(self.store)
        self.publisher = InProcessPublisher()
        for topic in TOPICS:
            self.publisher.subscribe(topic, self._record)
        consumer = StockEffectsConsumer(
            commit_reservation=lambda: self.catalog.handler(CommitReservationHandler),
            release_reservation=lambda: self.catalog.handler(ReleaseReservationHandler),
            return_stock=lambda: self.catalog.handler(ReturnStockHandler),
        )
        for topic, subscriber in consumer.subscriptions().items():
            self.publisher.subscribe(topic, subscriber)

    @property
    def clock(self) -> FixedClock:
        return self.catalog.clock

    def uow(self) -> InMemoryOrderingUnitOfWork:
        return InMemoryOrderingUnitOfWork(self.store)

    def gateway(self) -> InProcessCatalogGateway:
        catalog = self.catalog
        return InProcessCatalogGateway(
            get_product=lambda: catalog.handler(GetProductHandler),
            reserve_stock=lambda: catalog.handler(ReserveStockHandler),
            commit_reservation=lambda: catalog.handler(CommitReservationHandler),
            release_reservation=lambda: catalog.handler(ReleaseReservationHandler),
            return_stock=lambda: catalog.handler(ReturnStockHandler),
        )

    def handler(self, cls: type[H]) -> H:
        """A handler of ``cls`` built with the adapters its constructor asks for, by name."""
        available: dict[str, object] = {
            "uow": self.uow(),
            "clock": self.clock,
            "catalog": self.gateway(),
            "processor": self.processor,
            "fingerprinter": self.fingerprinter,
            "publisher": self.publisher,
        }
        wanted = inspect.signature(cls).parameters
        return cls(**{name: available[name] for name in wanted})

    def customer(self, *, verified: bool = True) -> Actor:
        return Actor(user_id=uuid4(), role="user", email_verified=verified)

    def admin(self) -> Actor:
        return Actor(user_id=uuid4(), role="admin", email_verified=True)

    async def a_product(self, *, stock: int = 10, **fields: Any) -> ProductView:
        return await self.catalog.a_product(stock=stock, **fields)

    async def stock(self, product_id: UUID) -> tuple[int, int, int]:
        """On hand, reserved, available."""
        view = await self.catalog.handler(GetStockHandler).handle(GetStock(product_id=product_id))
        return view.on_hand, view.reserved, view.available

    async def a_card_on_file(
        self, actor: Actor, number: str = SUCCEEDING_CARD, **card: Any
    ) -> PaymentMethodView:
        details: dict[str, Any] = {
            "exp_month": 12,
            "exp_year": 2030,
            "cvc": "1234" if number.startswith(("34", "37")) else "123",
            "holder": "Ada Lovelace",
        }
        details.update(card)
        return await self.handler(AddPaymentMethodHandler).handle(
            AddPaymentMethod(actor=actor, kind="card", card=CardInput(number=number, **details))
        )

    async def a_bank_account_on_file(
        self, actor: Actor, iban: str = GERMAN_IBAN
    ) -> PaymentMethodView:
        return await self.handler(AddPaymentMethodHandler).handle(
            AddPaymentMethod(
                actor=actor,
                kind="bank_account",
                bank_account=BankAccountInput(iban=iban, holder="Ada Lovelace"),
            )
        )

    async def a_wallet_on_file(
        self, actor: Actor, provider: str = "paypal", account: str = "ada@example.com"
    ) -> PaymentMethodView:
        return await self.handler(AddPaymentMethodHandler).handle(
            AddPaymentMethod(
                actor=actor, kind="wallet", wallet=WalletInput(provider=provider, account=account)
            )
        )

    async def place(
        self,
        actor: Actor,
        *lines: tuple[UUID, int],
        payment_method_id: UUID | None = None,
    ) -> OrderView:
        return await self.handler(PlaceOrderHandler).handle(
            PlaceOrder(
                actor=actor,
                lines=[PlaceOrderLine(product_id=pid, quantity=qty) for pid, qty in lines],
                payment_method_id=payment_method_id,
            )
        )

    async def relay(self) -> int:
        """Relay the outbox until it is empty; how many messages went out."""
        total = 0
        while True:
            result = await self.handler(RelayOutboxHandler).handle(RelayOutbox(limit=10))
            total += result.published
            if result.stalled or result.published < 10:
                return total

    def published_topics(self, order_id: UUID | None = None) -> list[str]:
        return [
            envelope["topic"]
            for envelope in self.published
            if order_id is None or envelope["payload"].get("order_id") == str(order_id)
        ]

    async def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def _record(self, envelope: dict[str, Any]) -> None:
        self.published.append(envelope)
