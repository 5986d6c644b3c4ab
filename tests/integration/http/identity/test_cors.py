"""CORS: no header unless HEXASHOP_CORS_ORIGINS names the origin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.integration.http.identity.problem_checks import PROBLEM_JSON, assert_problem
from tests.support.api import Api, running_api, settings_for_tests

SHOP = "https://shop.example"
OTHER = "https://evil.example"


def _preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }


@pytest.fixture
async def shop_api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(settings_for_tests(tmp_path, cors_origins=[SHOP])) as running:
        yield running


async def test_no_allow_origin_header_when_no_origins_are_configured(api: Api) -> None:
    response = await api.client.options("/api/v1/auth/login", headers=_preflight(SHOP))

    assert "access-control-allow-origin" not in response.headers
    assert 400 <= response.status_code < 500


async def test_allow_origin_header_when_the_configured_origin_preflights(shop_api: Api) -> None:
    response = await shop_api.client.options("/api/v1/auth/login", headers=_preflight(SHOP))

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == SHOP


async def test_no_allow_origin_header_when_another_origin_preflights(shop_api: Api) -> None:
    response = await shop_api.client.options("/api/v1/auth/login", headers=_preflight(OTHER))

    assert "access-control-allow-origin" not in response.headers


async def test_request_id_is_exposed_when_the_configured_origin_calls(shop_api: Api) -> None:
    response = await shop_api.client.get("/healthz", headers={"Origin": SHOP})

    assert response.headers["access-control-allow-origin"] == SHOP
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


async def test_problem_answer_when_another_origin_preflights(shop_api: Api) -> None:
    response = await shop_api.client.options("/api/v1/auth/login", headers=_preflight(OTHER))

    assert response.headers["content-type"] == PROBLEM_JSON, response.text
    assert_problem(response, 400, response.json()["code"])
