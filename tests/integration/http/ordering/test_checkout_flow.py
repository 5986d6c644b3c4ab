"""A customer's whole journey over HTTP: card, order, payment, history, cancel, refund."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from bootstrap.workers import relay_outbox_once
from tests.support.api import Api

Headers = dict[str, str]
SUCCESS_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"


def card(number: str = SUCCESS_CARD) -> dict[str, Any]:
    return {
        "kind": "card",
        "card": {
            "number": number,
            "exp_month": 12,
            "exp_year": 2035,
            "cvc": "123",
            "holder": "Ada",
        },
    }


@pytest.fixture
async def admin(api: Api) -> Headers:
    return await api.admin()


@pytest.fixture
async def product(api: Api, admin: Headers) -> dict[str, Any]:
    category = await api.client.post(
        "/api/v1/categories", json={"name": "Tea", "slug": "tea"}, headers=admin
    )
    created = await api.client.post(
        "/api/v1/products",
        json={
            "sku": "TEA-1",
            "name": "Green tea",
            "price_cents": 450,
            "currency": "EUR",
            "category_id": category.json()["id"],
        },
        headers=admin,
    )
    await api.client.post(
        f"/api/v1/products/{created.json()['id']}/stock",
        json={"delta": 10, "reason": "receive"},
        headers=admin,
    )
    body: dict[str, Any] = created.json()
    return body


async def add_card(api: Api, who: Headers, number: str = SUCCESS_CARD) -> str:
    response = await api.client.post("/api/v1/payment-methods", json=card(number), headers=who)
    assert response.status_code == 201, response.text
    method_id: str = response.json()["id"]
    return method_id


async def stock_of(api: Api, product: dict[str, Any]) -> dict[str, int]:
    stock: dict[str, int] = (await api.client.get(f"/api/v1/products/{product['id']}/stock")).json()
    return stock


async def test_customer_places_and_pays_an_order_in_one_request(
    api: Api, product: dict[str, Any]
) -> None:
    ada = await api.customer("ada@example.com")
    method_id = await add_card(api, ada)

    placed = await api.client.post(
        "/api/v1/orders",
        json={
            "lines": [{"product_id": product["id"], "quantity": 2}],
            "payment_method_id": method_id,
        },
        headers=ada,
    )
    await relay_outbox_once(api.container)

    order = placed.json()
    assert placed.status_code == 201
    assert order["status"] == "paid"
    assert order["total_cents"] == 900
    assert order["lines"][0]["unit_price_cents"] == 450
    assert [step["to"] for step in order["history"]] == ["pending_payment", "paid"]
    stock = await stock_of(api, product)
    assert (stock["on_hand"], stock["reserved"]) == (8, 0)
    history = await api.client.get("/api/v1/orders", headers=ada)
    assert [o["id"] for o in history.json()["items"]] == [order["id"]]


async def test_card_details_never_come_back(api: Api) -> None:
    ada = await api.customer("ada@example.com")

    response = await api.client.post("/api/v1/payment-methods", json=card(), headers=ada)

    text = response.text
    assert "4242424242424242" not in text
    assert "123" not in text.replace(response.json()["id"], "")
    assert response.json()["summary"]["last4"] == "4242"


async def test_same_card_twice_is_a_409(api: Api) -> None:
    ada = await api.customer("ada@example.com")
    await add_card(api, ada)

    again = await api.client.post("/api/v1/payment-methods", json=card(), headers=ada)

    assert again.status_code == 409


async def test_declined_card_leaves_the_order_payable(api: Api, product: dict[str, Any]) -> None:
    ada = await api.customer("ada@example.com")
    declined = await add_card(api, ada, DECLINED_CARD)
    good = await add_card(api, ada)
    placed = await api.client.post(
        "/api/v1/orders",
        json={"lines": [{"product_id": product["id"], "quantity": 1}]},
        headers=ada,
    )
    order_id = placed.json()["id"]

    refused = await api.client.post(
        f"/api/v1/orders/{order_id}/pay", json={"payment_method_id": declined}, headers=ada
    )
    paid = await api.client.post(
        f"/api/v1/orders/{order_id}/pay", json={"payment_method_id": good}, headers=ada
    )

    assert refused.status_code in (402, 409)
    assert paid.json()["status"] == "paid"
    assert [p["outcome"] for p in paid.json()["payments"]] == ["declined", "succeeded"]


async def test_cancelling_a_pending_order_releases_its_stock(
    api: Api, product: dict[str, Any]
) -> None:
    ada = await api.customer("ada@example.com")
    placed = await api.client.post(
        "/api/v1/orders",
        json={"lines": [{"product_id": product["id"], "quantity": 3}]},
        headers=ada,
    )
    assert (await stock_of(api, product))["available"] == 7

    cancelled = await api.client.post(f"/api/v1/orders/{placed.json()['id']}/cancel", headers=ada)
    await relay_outbox_once(api.container)

    assert cancelled.json()["status"] == "cancelled"
    assert (await stock_of(api, product))["available"] == 10


async def test_refund_returns_the_stock(api: Api, admin: Headers, product: dict[str, Any]) -> None:
    ada = await api.customer("ada@example.com")
    method_id = await add_card(api, ada)
    placed = await api.client.post(
        "/api/v1/orders",
        json={
            "lines": [{"product_id": product["id"], "quantity": 4}],
            "payment_method_id": method_id,
        },
        headers=ada,
    )
    await relay_outbox_once(api.container)

    refunded = await api.client.post(
        f"/api/v1/admin/orders/{placed.json()['id']}/status",
        json={"status": "refunded", "reason": "damaged"},
        headers=admin,
    )
    await relay_outbox_once(api.container)

    assert refunded.json()["status"] == "refunded"
    assert (await stock_of(api, product))["on_hand"] == 10


async def test_another_customer_sees_none_of_it(api: Api, product: dict[str, Any]) -> None:
    ada = await api.customer("ada@example.com")
    eve = await api.customer("eve@example.com")
    method_id = await add_card(api, ada)
    placed = await api.client.post(
        "/api/v1/orders",
        json={"lines": [{"product_id": product["id"], "quantity": 1}]},
        headers=ada,
    )
    order_id = placed.json()["id"]

    read = await api.client.get(f"/api/v1/orders/{order_id}", headers=eve)
    pay = await api.client.post(
        f"/api/v1/orders/{order_id}/pay", json={"payment_method_id": method_id}, headers=eve
    )
    methods = await api.client.get("/api/v1/payment-methods", headers=eve)
    listed = await api.client.get("/api/v1/orders", headers=eve)

    assert read.status_code == pay.status_code == 404
    assert methods.json()["items"] == []
    assert listed.json()["items"] == []


async def test_retry_with_the_same_key_replays_the_first_order(
    api: Api, product: dict[str, Any]
) -> None:
    ada = await api.customer("ada@example.com")
    method_id = await add_card(api, ada)
    key = {"Idempotency-Key": str(uuid4())}
    body = {"lines": [{"product_id": product["id"], "quantity": 1}], "payment_method_id": method_id}

    first = await api.client.post("/api/v1/orders", json=body, headers={**ada, **key})
    again = await api.client.post("/api/v1/orders", json=body, headers={**ada, **key})
    other = await api.client.post(
        "/api/v1/orders",
        json={**body, "lines": [{"product_id": product["id"], "quantity": 2}]},
        headers={**ada, **key},
    )

    assert again.status_code == first.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert other.status_code == 422
    orders = await api.client.get("/api/v1/orders", headers=ada)
    assert len(orders.json()["items"]) == 1


async def test_unverified_customer_cannot_order(api: Api, product: dict[str, Any]) -> None:
    await api.register("new@example.com")
    pair = await api.login("new@example.com")

    response = await api.client.post(
        "/api/v1/orders",
        json={"lines": [{"product_id": product["id"], "quantity": 1}]},
        headers={"Authorization": f"Bearer {pair['access_token']}"},
    )

    assert response.status_code == 403
    assert response.json()["code"] == "email-not-verified"


async def test_short_stock_names_the_line(api: Api, product: dict[str, Any]) -> None:
    ada = await api.customer("ada@example.com")

    response = await api.client.post(
        "/api/v1/orders",
        json={"lines": [{"product_id": product["id"], "quantity": 11}]},
        headers=ada,
    )

    assert response.status_code == 409
    assert response.json()["short_lines"] == [
        {"product_id": product["id"], "requested": 11, "available": 10}
    ]
