"""The Product aggregate: what is sold, under which SKU, at what price, in which category."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from domain.catalog.events import ProductCreated, ProductDeactivated, ProductRepriced
from domain.catalog.metadata import ProductMetadata
from domain.catalog.values import CategoryId, Description, ProductId, ProductName, Sku
from domain.shared.errors import InvalidValueError
from domain.shared.events import EventRecorder
from domain.shared.money import Money

MAX_PRICE = 10_000_000_000  # minor units: a hundred million in the major unit


def product_price(amount: int, currency: str) -> Money:
    """A price from its input fields, errors naming ``price_cents`` and ``currency``."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidValueError("price_cents", "must be a whole number of minor units")
    return check_price(Money(amount, currency))


def check_price(price: Money) -> Money:
    """A product's price: zero (free) up to MAX_PRICE minor units."""
    if price.is_negative:
        raise InvalidValueError("price_cents", "must not be negative")
    if price.amount > MAX_PRICE:
        raise InvalidValueError("price_cents", f"must be at most {MAX_PRICE}")
    return price


class Product(EventRecorder):
    """A product of the catalog; its stock lives in its own aggregate, StockLevel.

    Only active products are offered to customers. ``version`` counts saved changes: it
    is what clients send back (If-Match) to change the product version they read.
    """

    __slots__ = (
        "active",
        "category_id",
        "created_at",
        "description",
        "id",
        "metadata",
        "name",
        "price",
        "sku",
        "updated_at",
        "version",
    )

    def __init__(
        self,
        *,
        id: ProductId,
        sku: Sku,
        name: ProductName,
        description: Description,
        price: Money,
        category_id: CategoryId,
        metadata: ProductMetadata,
        active: bool,
        created_at: datetime,
        updated_at: datetime,
        version: int,
    ) -> None:
        super().__init__()
        self.id = id
        self.sku = sku
        self.name = name
        self.description = description
        self.price = price
        self.category_id = category_id
        self.metadata = metadata
        self.active = active
        self.created_at = created_at
        self.updated_at = updated_at
        self.version = version

    @classmethod
    def create(
        cls,
        *,
        id: ProductId,
        sku: Sku,
        name: ProductName,
        description: Description,
        price: Money,
        category_id: CategoryId,
        metadata: ProductMetadata,
        now: datetime,
        active: bool = True,
    ) -> Self:
        product = cls(
            id=id,
            sku=sku,
            name=name,
            description=description,
            price=check_price(price),
            category_id=category_id,
            metadata=metadata,
            active=active,
            created_at=now,
            updated_at=now,
            version=1,
        )
        product._record(ProductCreated(occurred_at=now, product_id=id, sku=sku.value))
        return product

    @classmethod
    def restore(
        cls,
        *,
        id: ProductId,
        sku: Sku,
        name: ProductName,
        description: Description,
        price: Money,
        category_id: CategoryId,
        metadata: ProductMetadata,
        active: bool,
        created_at: datetime,
        updated_at: datetime,
        version: int,
    ) -> Self:
        """Rebuild a stored product; for persistence adapters only."""
        return cls(
            id=id,
            sku=sku,
            name=name,
            description=description,
            price=price,
            category_id=category_id,
            metadata=metadata,
            active=active,
            created_at=created_at,
            updated_at=updated_at,
            version=version,
        )

    def change_sku(self, sku: Sku, *, now: datetime) -> None:
        if sku != self.sku:
            self.sku = sku
            self.updated_at = now

    def rename(self, name: ProductName, *, now: datetime) -> None:
        if name != self.name:
            self.name = name
            self.updated_at = now

    def describe(self, description: Description, *, now: datetime) -> None:
        if description != self.description:
            self.description = description
            self.updated_at = now

    def reprice(self, price: Money, *, now: datetime) -> None:
        price = check_price(price)
        if price == self.price:
            return
        old, self.price = self.price, price
        self.updated_at = now
        self._record(
            ProductRepriced(
                occurred_at=now,
                product_id=self.id,
                old_amount=old.amount,
                old_currency=old.currency,
                new_amount=price.amount,
                new_currency=price.currency,
            )
        )

    def move_to(self, category_id: CategoryId, *, now: datetime) -> None:
        if category_id != self.category_id:
            self.category_id = category_id
            self.updated_at = now

    def replace_metadata(self, metadata: ProductMetadata, *, now: datetime) -> None:
        if metadata != self.metadata:
            self.metadata = metadata
            self.updated_at = now

    def activate(self, *, now: datetime) -> None:
        if not self.active:
            self.active = True
            self.updated_at = now

    def deactivate(self, *, now: datetime) -> None:
        if self.active:
            self.active = False
            self.updated_at = now
            self._record(ProductDeactivated(occurred_at=now, product_id=self.id))
