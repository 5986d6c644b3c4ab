"""Every deployment's app builds with every injection id resolved."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from adapters.inbound.http.injection import Inject
from bootstrap.containers.monolith import build_monolith
from bootstrap.http import create_app
from tests.support.api import settings_for_tests


@pytest.mark.parametrize("database_url", [None, "postgresql://postgres@127.0.0.1:1/unused"])
def test_monolith_app_builds_without_unresolved_injections(
    tmp_path: Path, database_url: str | None
) -> None:
    settings = settings_for_tests(tmp_path)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        app = create_app(build_monolith(settings, database_url=database_url))

    assert {"/healthz", "/api/v1/auth/login"} <= set(app.openapi()["paths"])


def test_app_is_refused_when_a_route_names_a_provider_the_container_lacks(
    tmp_path: Path,
) -> None:
    Inject["identity.no_such_handler"]  # what a route with a mistyped id declares

    try:
        with pytest.raises(LookupError, match=r"identity\.no_such_handler"):
            create_app(build_monolith(settings_for_tests(tmp_path), database_url=None))
    finally:
        Inject._ids.discard("identity.no_such_handler")


async def test_each_app_answers_from_its_own_container_when_two_share_a_process(
    tmp_path: Path,
) -> None:
    from tests.support.api import running_api

    limited = settings_for_tests(tmp_path / "a", api_rate_limit_per_minute=1)
    async with running_api(limited) as first, running_api(settings_for_tests(tmp_path / "b")):
        statuses = [(await first.client.get("/api/v1/categories")).status_code for _ in range(2)]

    assert statuses == [200, 429]


async def test_logins_are_not_throttled_when_rate_limits_are_off(tmp_path: Path) -> None:
    from tests.support.api import running_api

    async with running_api(settings_for_tests(tmp_path, rate_limits="off")) as api:
        await api.register("load@example.com")
        statuses = [
            (
                await api.client.post(
                    "/api/v1/auth/login",
                    json={"email": "load@example.com", "password": "wrong but long enough"},
                )
            ).status_code
            for _ in range(40)
        ]

    assert set(statuses) == {401}


async def test_a_client_gets_429_once_it_used_up_its_api_budget(tmp_path: Path) -> None:
    from tests.support.api import running_api

    async with running_api(settings_for_tests(tmp_path, api_rate_limit_per_minute=5)) as api:
        statuses = [(await api.client.get("/api/v1/categories")).status_code for _ in range(6)]
        probe = await api.client.get("/healthz")
        last = await api.client.get("/api/v1/categories")

    assert statuses == [200] * 5 + [429]
    assert probe.status_code == 200
    assert int(last.headers["retry-after"]) >= 1
    assert last.json()["code"] == "rate-limited"
