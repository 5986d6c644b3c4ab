"""One customer's client sends the same checkout many times at once with one
Idempotency-Key: one order is placed and charged once, whatever the others are told."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import pytest

from application.ordering.errors import IdempotencyKeyInFlightError
from application.ordering.idempotency import (
    IdempotentResponse,
    request_fingerprint,
    run_idempotently,
)
from domain.shared.errors import DomainError
from tests.integration.checkout.conftest import NewShop

pytestmark = pytest.mark.postgres

DUPLICATES = 20


async def test_one_order_and_one_charge_when_one_key_is_sent_many_times_at_once(
    new_shop: NewShop,
) -> None:
    shop = await new_shop()
    product_id = await shop.a_product(stock=10)
    customer = shop.customer()
    card = await shop.a_card_on_file(customer)
    body = {
        "lines": [{"product_id": str(product_id), "quantity": 2}],
        "payment_method_id": str(card),
    }

    async def checkout() -> tuple[int, dict[str, Any]]:
        order = await shop.checkout(customer, product_id, 2, card)
        return 201, {"id": str(order.id), "status": order.status}

    async def send() -> IdempotentResponse | DomainError:
        try:
            return await run_idempotently(
                shop.idempotency,
                shop.clock,
                user_id=customer.user_id,
                key="checkout-once",
                fingerprint=request_fingerprint("POST", "/api/v1/orders", body),
                operation=checkout,
            )
        except DomainError as error:
            return error

    answers = await asyncio.gather(*(send() for _ in range(DUPLICATES)))
    retried_later = await send()

    responses = [answer for answer in answers if isinstance(answer, IdempotentResponse)]
    first = [response for response in responses if not response.replayed]
    assert len(first) == 1
    assert all(response.body == first[0].body for response in responses)
    assert all(
        isinstance(answer, IdempotencyKeyInFlightError)
        for answer in answers
        if not isinstance(answer, IdempotentResponse)
    )
    assert isinstance(retried_later, IdempotentResponse)
    assert (retried_later.replayed, retried_later.body) == (True, first[0].body)
    orders = await shop.orders()
    assert [order.id for order in orders] == [UUID(first[0].body["id"])]
    assert len(shop.processor.charges) == 1
    assert await shop.stock(product_id) == (10, 2, 8)
