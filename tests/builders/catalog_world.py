"""The catalog's handlers wired to in-memory adapters, as unit tests use them."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID, uuid4

from adapters.outbound.persistence.memory.catalog import (
    InMemoryCatalogStore,
    InMemoryCatalogUnitOfWork,
)
from application.catalog.commands.adjust_stock import AdjustStock, AdjustStockHandler
from application.catalog.commands.create_category import CreateCategory, CreateCategoryHandler
from application.catalog.commands.create_product import CreateProduct, CreateProductHandler
from application.catalog.views import CategoryView, ProductView
from application.shared.actor import Actor
from tests.builders.catalog import a_unique_sku, a_unique_slug
from tests.support.clock import FixedClock

H = TypeVar("H")


@dataclass
class CatalogWorld:
    clock: FixedClock = field(default_factory=lambda: FixedClock(datetime(2026, 1, 1, tzinfo=UTC)))
    store: InMemoryCatalogStore = field(default_factory=InMemoryCatalogStore)
    admin: Actor = field(
        default_factory=lambda: Actor(user_id=uuid4(), role="admin", email_verified=True)
    )
    customer: Actor = field(
        default_factory=lambda: Actor(user_id=uuid4(), role="user", email_verified=True)
    )

    def uow(self) -> InMemoryCatalogUnitOfWork:
        return InMemoryCatalogUnitOfWork(self.store)

    def handler(self, cls: type[H]) -> H:
        """A handler of ``cls`` built with the adapters its constructor asks for, by name."""
        available: dict[str, object] = {"uow": self.uow(), "clock": self.clock}
        wanted = inspect.signature(cls).parameters
        return cls(**{name: available[name] for name in wanted})

    def tick(self, seconds: float = 1) -> None:
        self.clock.advance(timedelta(seconds=seconds))

    async def a_category(
        self, name: str = "Keyboards", *, parent_id: UUID | None = None, position: int = 0
    ) -> CategoryView:
        return await self.handler(CreateCategoryHandler).handle(
            CreateCategory(
                actor=self.admin,
                name=name,
                slug=a_unique_slug(),
                parent_id=parent_id,
                position=position,
            )
        )

    async def a_product(
        self,
        category_id: UUID | None = None,
        *,
        name: str = "Mechanical Keyboard",
        price_cents: int = 4999,
        currency: str = "EUR",
        stock: int = 0,
        **fields: Any,
    ) -> ProductView:
        """A product (in a new category unless one is given), with ``stock`` units received."""
        if category_id is None:
            category_id = (await self.a_category()).id
        product = await self.handler(CreateProductHandler).handle(
            CreateProduct(
                actor=self.admin,
                sku=fields.pop("sku", a_unique_sku()),
                name=name,
                price_cents=price_cents,
                currency=currency,
                category_id=category_id,
                **fields,
            )
        )
        if stock:
            await self.receive(product.id, stock)
        return product

    async def receive(self, product_id: UUID, units: int) -> None:
        await self.handler(AdjustStockHandler).handle(
            AdjustStock(actor=self.admin, product_id=product_id, delta=units, reason="receive")
        )
