from __future__ import annotations

from typing import Any

import pytest

from tests.support.api import Api

Headers = dict[str, str]


async def a_category(api: Api, admin: Headers, slug: str = "shoes", **extra: Any) -> dict[str, Any]:
    response = await api.client.post(
        "/api/v1/categories", json={"name": slug.title(), "slug": slug, **extra}, headers=admin
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def a_product(
    api: Api, admin: Headers, category_id: str, sku: str = "SKU-1", **extra: Any
) -> dict[str, Any]:
    payload = {
        "sku": sku,
        "name": f"Product {sku}",
        "price_cents": 1999,
        "currency": "EUR",
        "category_id": category_id,
        **extra,
    }
    response = await api.client.post("/api/v1/products", json=payload, headers=admin)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def admin(api: Api) -> Headers:
    return await api.admin()


async def test_anyone_reads_a_product_an_admin_created(api: Api, admin: Headers) -> None:
    category = await a_category(api, admin)
    created = await a_product(api, admin, category["id"], metadata={"color": "red"})

    response = await api.client.get(f"/api/v1/products/{created['id']}")

    assert response.status_code == 200
    assert response.json()["sku"] == "SKU-1"
    assert response.json()["metadata"] == {"color": "red"}
    stock = response.json()["stock"]
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (0, 0, 0)
    assert response.headers["etag"] == f'"{created["version"]}"'


async def test_customer_gets_403_when_creating_a_product(api: Api, admin: Headers) -> None:
    category = await a_category(api, admin)
    customer = await api.customer("buyer@example.com")

    response = await api.client.post(
        "/api/v1/products",
        json={
            "sku": "X",
            "name": "X",
            "price_cents": 1,
            "currency": "EUR",
            "category_id": category["id"],
        },
        headers=customer,
    )

    assert response.status_code == 403


async def test_fractional_price_is_refused_not_rounded(api: Api, admin: Headers) -> None:
    category = await a_category(api, admin)

    response = await api.client.post(
        "/api/v1/products",
        json={
            "sku": "F",
            "name": "F",
            "price_cents": 12.0,
            "currency": "EUR",
            "category_id": category["id"],
        },
        headers=admin,
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "price_cents"


async def test_stale_if_match_gets_412_and_changes_nothing(api: Api, admin: Headers) -> None:
    category = await a_category(api, admin)
    product = await a_product(api, admin, category["id"])
    url = f"/api/v1/products/{product['id']}"
    first = await api.client.patch(
        url, json={"price_cents": 2500}, headers={**admin, "If-Match": '"1"'}
    )

    stale = await api.client.patch(
        url, json={"price_cents": 100}, headers={**admin, "If-Match": '"1"'}
    )

    assert first.status_code == 200
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition-failed"
    assert (await api.client.get(url)).json()["price_cents"] == 2500


async def test_stock_adjustment_shows_on_the_product_and_in_the_ledger(
    api: Api, admin: Headers
) -> None:
    category = await a_category(api, admin)
    product = await a_product(api, admin, category["id"])

    adjusted = await api.client.post(
        f"/api/v1/products/{product['id']}/stock",
        json={"delta": 7, "reason": "receive"},
        headers=admin,
    )
    ledger = await api.client.get(
        f"/api/v1/products/{product['id']}/stock/movements", headers=admin
    )

    assert adjusted.status_code == 201
    assert adjusted.json()["stock"]["available"] == 7
    assert [m["on_hand_delta"] for m in ledger.json()["items"]] == [7]
    product_now = await api.client.get(f"/api/v1/products/{product['id']}")
    assert product_now.json()["stock"]["on_hand"] == 7


async def test_stock_cannot_go_below_zero(api: Api, admin: Headers) -> None:
    category = await a_category(api, admin)
    product = await a_product(api, admin, category["id"])

    response = await api.client.post(
        f"/api/v1/products/{product['id']}/stock",
        json={"delta": -1, "reason": "correct"},
        headers=admin,
    )

    assert response.status_code in (409, 422)
    stock = await api.client.get(f"/api/v1/products/{product['id']}/stock")
    assert stock.json()["on_hand"] == 0


async def test_search_filters_by_subtree_price_and_metadata(api: Api, admin: Headers) -> None:
    shoes = await a_category(api, admin, "shoes")
    boots = await a_category(api, admin, "boots", parent_id=shoes["id"])
    hats = await a_category(api, admin, "hats")
    await a_product(api, admin, boots["id"], "BOOT-RED", metadata={"color": "red"})
    await a_product(api, admin, boots["id"], "BOOT-BLUE", metadata={"color": "blue"})
    await a_product(api, admin, hats["id"], "HAT-RED", metadata={"color": "red"})

    response = await api.client.get(
        "/api/v1/products",
        params={"category_id": shoes["id"], "metadata": '{"color": "red"}', "max_price": 5000},
    )

    assert [p["sku"] for p in response.json()["items"]] == ["BOOT-RED"]


async def test_pages_cover_every_product_once_when_sorted_by_price(
    api: Api, admin: Headers
) -> None:
    category = await a_category(api, admin)
    for n in range(7):
        await a_product(api, admin, category["id"], f"P{n}", price_cents=100 * (n % 3))
    seen: list[str] = []
    cursor = None

    while True:
        params: dict[str, Any] = {"sort": "price", "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = (await api.client.get("/api/v1/products", params=params)).json()
        seen += [p["sku"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert sorted(seen) == [f"P{n}" for n in range(7)]
    assert len(seen) == 7


async def test_inactive_products_are_hidden_from_the_public(api: Api, admin: Headers) -> None:
    category = await a_category(api, admin)
    product = await a_product(api, admin, category["id"], active=False)

    public = await api.client.get(f"/api/v1/products/{product['id']}")
    as_admin = await api.client.get(f"/api/v1/products/{product['id']}", headers=admin)

    assert public.status_code == 404
    assert as_admin.status_code == 200


async def test_category_with_products_cannot_be_deleted(api: Api, admin: Headers) -> None:
    category = await a_category(api, admin)
    await a_product(api, admin, category["id"])

    response = await api.client.delete(f"/api/v1/categories/{category['id']}", headers=admin)

    assert response.status_code == 409
    assert response.json()["code"] == "category-has-products"


async def test_move_under_own_descendant_is_refused(api: Api, admin: Headers) -> None:
    top = await a_category(api, admin, "top")
    child = await a_category(api, admin, "child", parent_id=top["id"])

    response = await api.client.patch(
        f"/api/v1/categories/{top['id']}", json={"parent_id": child["id"]}, headers=admin
    )

    assert response.status_code == 409
    assert response.json()["code"] == "category-cycle"


async def test_category_detail_carries_its_breadcrumb(api: Api, admin: Headers) -> None:
    top = await a_category(api, admin, "top")
    child = await a_category(api, admin, "child", parent_id=top["id"])

    response = await api.client.get(f"/api/v1/categories/{child['id']}")

    assert [c["slug"] for c in response.json()["path"]] == ["top", "child"]
    tree = await api.client.get("/api/v1/categories")
    assert tree.json()["items"][0]["children"][0]["slug"] == "child"


async def test_malformed_metadata_filter_names_the_field(api: Api) -> None:
    response = await api.client.get("/api/v1/products", params={"metadata": "[1, 2"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "metadata"
