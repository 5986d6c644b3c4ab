"""Events of the catalog model."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductCreated(DomainEvent):
    product_id: UUID
    sku: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductRepriced(DomainEvent):
    product_id: UUID
    old_amount: int
    old_currency: str
    new_amount: int
    new_currency: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductDeactivated(DomainEvent):
    product_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class StockRanLow(DomainEvent):
    """Available stock fell to or below the product's low-stock threshold."""

    product_id: UUID
    available: int
    threshold: int
