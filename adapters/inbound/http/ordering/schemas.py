"""Request and response bodies of ordering's routes.

Card numbers, CVCs and IBANs exist only in requests: no response model has a field that
could carry them back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field, StrictInt

from adapters.inbound.http.schemas import RequestModel

MAX_LINES = 50


class CardRequest(RequestModel):
    number: str = Field(min_length=1, max_length=32)
    exp_month: StrictInt
    exp_year: StrictInt
    cvc: str = Field(min_length=1, max_length=8)
    holder: str = Field(min_length=1, max_length=200)


class BankAccountRequest(RequestModel):
    iban: str = Field(min_length=1, max_length=64)
    holder: str = Field(min_length=1, max_length=200)


class WalletRequest(RequestModel):
    provider: str = Field(min_length=1, max_length=32)
    account: str = Field(min_length=1, max_length=200)


class PaymentMethodCreateRequest(RequestModel):
    kind: Literal["card", "bank_account", "wallet"]
    card: CardRequest | None = None
    bank_account: BankAccountRequest | None = None
    wallet: WalletRequest | None = None


class PaymentMethodUpdateRequest(RequestModel):
    is_default: Literal[True]


class PaymentMethodResponse(BaseModel):
    id: UUID
    kind: str
    summary: dict[str, str | int]
    is_default: bool
    created_at: datetime


class OrderLineRequest(RequestModel):
    product_id: UUID
    quantity: StrictInt = Field(ge=1, le=100)


class OrderCreateRequest(RequestModel):
    lines: list[OrderLineRequest] = Field(min_length=1, max_length=MAX_LINES)
    payment_method_id: UUID | None = None


class PayRequest(RequestModel):
    payment_method_id: UUID


class CancelRequest(RequestModel):
    reason: str | None = Field(default=None, max_length=500)


class OrderStatusRequest(RequestModel):
    status: Literal["shipped", "delivered", "refunded"]
    reason: str | None = Field(default=None, max_length=500)


class OrderLineResponse(BaseModel):
    product_id: UUID
    sku: str
    name: str
    unit_price_cents: int
    quantity: int
    line_total_cents: int


class StatusChangeResponse(BaseModel):
    from_status: str | None = Field(serialization_alias="from")
    to_status: str = Field(serialization_alias="to")
    at: datetime
    by: UUID | None
    reason: str | None


class PaymentAttemptResponse(BaseModel):
    attempt_no: int
    payment_method_id: UUID
    amount_cents: int
    currency: str
    outcome: str
    reference: str | None
    failure_reason: str | None
    at: datetime


class RefundResponse(BaseModel):
    amount_cents: int
    currency: str
    reference: str
    at: datetime


class OrderResponse(BaseModel):
    id: UUID
    customer_id: UUID
    status: str
    lines: list[OrderLineResponse]
    total_cents: int
    currency: str
    history: list[StatusChangeResponse]
    payments: list[PaymentAttemptResponse]
    refund: RefundResponse | None
    created_at: datetime
    updated_at: datetime


class OrderSummaryResponse(BaseModel):
    id: UUID
    customer_id: UUID
    status: str
    total_cents: int
    currency: str
    line_count: int
    created_at: datetime
    updated_at: datetime
