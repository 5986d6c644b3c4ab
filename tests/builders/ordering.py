"""Builders for ordering's model: instruments, payment methods, orders, outbox messages.

Test cards are the sandbox processor's (see adapters/outbound/payments/sandbox.py); every
other builder makes fresh ids, so tests against a shared database never collide. Times
default to the fixed ``T0`` and move only when a test says so.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from application.ordering.ports import OutboxMessage
from domain.ordering.bank_accounts import BankAccount
from domain.ordering.cards import Card
from domain.ordering.checksums import luhn_check_digit
from domain.ordering.instruments import PaymentInstrument
from domain.ordering.lines import OrderLine
from domain.ordering.order import Order
from domain.ordering.payment_method import PaymentMethod
from domain.ordering.payments import PaymentOutcome
from domain.ordering.values import CustomerId, OrderId, PaymentMethodId, ProductId
from domain.ordering.wallets import WalletAccount
from domain.shared.money import Money

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

SUCCEEDING_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
INSUFFICIENT_FUNDS_CARD = "4000000000009995"
PROCESSOR_ERROR_CARD = "4000000000000119"
SLOW_CARD = "4000000000003220"
MASTERCARD = "5555555555554444"
AMEX = "378282246310005"
DISCOVER = "6011111111111117"
GERMAN_IBAN = "DE89370400440532013000"
BRITISH_IBAN = "GB82WEST12345698765432"
FRENCH_IBAN = "FR1420041010050500013M02606"
DUTCH_IBAN = "NL91ABNA0417164300"


def later(*, seconds: float = 0, minutes: float = 0, hours: float = 0, days: float = 0) -> datetime:
    """The instant that far after ``T0``."""
    return T0 + timedelta(seconds=seconds, minutes=minutes, hours=hours, days=days)


def a_customer_id() -> CustomerId:
    return CustomerId(uuid4())


def a_unique_card_number(prefix: str = "4", length: int = 16) -> str:
    """A Luhn-valid number of the brand ``prefix`` starts (Visa by default), random inside."""
    body = prefix + "".join(random.choices("0123456789", k=length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def a_card(
    number: str = SUCCEEDING_CARD,
    *,
    exp_month: int = 12,
    exp_year: int = 2030,
    cvc: str | None = None,
    holder: str = "Ada Lovelace",
    now: datetime = T0,
) -> Card:
    if cvc is None:
        cvc = "1234" if number.startswith(("34", "37")) else "123"
    return Card.parse(
        number=number, exp_month=exp_month, exp_year=exp_year, cvc=cvc, holder=holder, now=now
    )


def a_bank_account(iban: str = GERMAN_IBAN, *, holder: str = "Ada Lovelace") -> BankAccount:
    return BankAccount.parse(iban=iban, holder=holder)


def a_wallet(provider: str = "paypal", account: str = "ada@example.com") -> WalletAccount:
    return WalletAccount.parse(provider=provider, account=account)


def a_payment_method(
    customer_id: UUID,
    *,
    instrument: PaymentInstrument | None = None,
    fingerprint: str | None = None,
    is_default: bool = False,
    created_at: datetime = T0,
    removed_at: datetime | None = None,
) -> PaymentMethod:
    """A stored method (version 1); its fingerprint is unique unless one is given."""
    instrument = instrument if instrument is not None else a_card()
    method = PaymentMethod.add(
        id=PaymentMethodId(uuid4()),
        customer_id=CustomerId(customer_id),
        instrument=instrument,
        token=f"tok_test_{uuid4().hex}",
        fingerprint=fingerprint if fingerprint is not None else uuid4().hex,
        held=[],
        now=created_at,
    )
    return PaymentMethod.restore(
        id=method.id,
        customer_id=method.customer_id,
        kind=method.kind,
        token=method.token,
        summary=method.summary,
        fingerprint=method.fingerprint,
        is_default=is_default,
        created_at=created_at,
        updated_at=created_at,
        removed_at=removed_at,
        version=1,
    )


def a_line(
    *,
    price: int = 1000,
    currency: str = "EUR",
    quantity: int = 1,
    product_id: UUID | None = None,
    name: str = "Mechanical Keyboard",
) -> OrderLine:
    product = ProductId(product_id if product_id is not None else uuid4())
    return OrderLine(
        product_id=product,
        sku=f"SKU-{product.hex[:8].upper()}",
        name=name,
        unit_price=Money(price, currency),
        quantity=quantity,
    )


def an_order(
    customer_id: UUID | None = None,
    *,
    lines: Sequence[OrderLine] | None = None,
    created_at: datetime = T0,
) -> Order:
    """A placed order, pending payment, as a repository would hand it out (no events)."""
    order = Order.place(
        id=OrderId(uuid4()),
        customer_id=CustomerId(customer_id if customer_id is not None else uuid4()),
        lines=list(lines) if lines is not None else [a_line(quantity=2), a_line(price=250)],
        now=created_at,
    )
    order.pull_events()
    return order


def a_paid_order(customer_id: UUID | None = None, *, created_at: datetime = T0) -> Order:
    order = an_order(customer_id, created_at=created_at)
    order.record_payment(
        payment_method_id=PaymentMethodId(uuid4()),
        outcome=PaymentOutcome.SUCCEEDED,
        reference=f"ch_test_{uuid4().hex}",
        failure_reason=None,
        by=order.customer_id,
        now=created_at,
    )
    order.pull_events()
    return order


def an_outbox_message(
    topic: str = "ordering.order_paid.v1",
    *,
    payload: dict[str, Any] | None = None,
    occurred_at: datetime = T0,
) -> OutboxMessage:
    return OutboxMessage(
        id=uuid4(),
        topic=topic,
        payload=payload if payload is not None else {"order_id": str(uuid4())},
        occurred_at=occurred_at,
    )
