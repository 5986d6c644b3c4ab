"""The hot reads (adapters/inbound/http/hot_reads.py) answer exactly as FastAPI would.

Each request goes to the app as served and to the same app built without the hot layer,
where FastAPI routes it; status, headers (but the request id) and body must agree.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import structlog
from starlette.types import Receive, Scope, Send

from adapters.inbound.http.hot_reads import HotReads
from tests.integration.http.catalog.test_catalog_routes import Headers, a_category, a_product
from tests.support.api import Api


@pytest.fixture
async def fastapi_only(api: Api) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app under test with every middleware but HotReads."""
    transport = api.client._transport
    assert isinstance(transport, httpx.ASGITransport)
    app: Any = transport.app
    served = app.user_middleware
    app.user_middleware = [layer for layer in served if layer.cls is not HotReads]
    try:
        stack = app.build_middleware_stack()
    finally:
        app.user_middleware = served

    async def without_hot_reads(scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = app  # what Starlette's own __call__ sets before its stack
        await stack(scope, receive, send)

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=without_hot_reads, raise_app_exceptions=False),
        base_url="http://hexashop.test",
    ) as client:
        yield client


async def same_answer(
    api: Api, fastapi_only: httpx.AsyncClient, path: str, headers: Headers | None = None
) -> httpx.Response:
    hot = await api.client.get(path, headers=headers)
    routed = await fastapi_only.get(path, headers=headers)

    assert (hot.status_code, hot.content) == (routed.status_code, routed.content), path
    assert _comparable(hot.headers) == _comparable(routed.headers), path
    return hot


def _comparable(headers: httpx.Headers) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name != "x-request-id"}


async def test_products_answer_as_fastapi_routes_them(
    api: Api, fastapi_only: httpx.AsyncClient
) -> None:
    admin = await api.admin()
    customer = await api.customer("reader@example.com")
    category = await a_category(api, admin)
    red = await a_product(api, admin, category["id"], "RED-1", metadata={"color": "red"})
    await a_product(api, admin, category["id"], "BLUE-1", price_cents=500)
    hidden = await a_product(api, admin, category["id"], "OLD-1", active=False)
    first = await same_answer(api, fastapi_only, "/api/v1/products?limit=1")
    cursor = first.json()["next_cursor"]

    for path in [
        "/api/v1/products",
        f"/api/v1/products?limit=1&cursor={cursor}",
        "/api/v1/products?sort=price&min_price=100&max_price=100000",
        '/api/v1/products?metadata={"color":"red"}&in_stock=false',
        f"/api/v1/products?category_id={category['id']}&q=product",
        "/api/v1/products?include_inactive=true",
        "/api/v1/products?limit=0",
        "/api/v1/products?limit=1&limit=2",
        "/api/v1/products?sort=sideways",
        "/api/v1/products?cursor=not-ours",
        f"/api/v1/products/{red['id']}",
        f"/api/v1/products/{red['id'].upper()}",
        f"/api/v1/products/{hidden['id']}",
        "/api/v1/products/00000000-0000-4000-8000-000000000000",
        "/api/v1/products/not-an-id",
    ]:
        for headers in (None, customer, admin, {"Authorization": "Bearer forged"}):
            await same_answer(api, fastapi_only, path, headers)


async def test_the_own_profile_answers_as_fastapi_routes_it(
    api: Api, fastapi_only: httpx.AsyncClient
) -> None:
    customer = await api.customer("me@example.com")

    for headers in (None, customer, {"Authorization": "Bearer forged"}, {"Authorization": "x"}):
        await same_answer(api, fastapi_only, "/api/v1/users/me", headers)


async def test_declined_requests_get_fastapi_validation_problems(api: Api) -> None:
    response = await api.client.get("/api/v1/products?limit=0")

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "limit"


async def test_hot_reads_are_logged_with_their_route_template_and_caller(api: Api) -> None:
    admin = await api.admin()
    category = await a_category(api, admin)
    product = await a_product(api, admin, category["id"])
    me = (await api.client.get("/api/v1/users/me", headers=admin)).json()

    with structlog.testing.capture_logs() as records:
        response = await api.client.get(f"/api/v1/products/{product['id']}", headers=admin)

    [line] = [record for record in records if record["event"] == "request"]
    assert line["route"] == "/api/v1/products/{product_id}"
    assert line["user_id"] == me["id"]
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["status"] == 200
