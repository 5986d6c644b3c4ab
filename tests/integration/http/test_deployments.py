"""Every deployment's app builds with every injection id resolved."""

from __future__ import annotations

import types
import warnings
from pathlib import Path

import pytest

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


def test_mistyped_injection_id_is_reported_when_wiring(tmp_path: Path) -> None:
    module = types.ModuleType("hexashop_wiring_probe")
    exec(  # a module of its own, since wiring only patches functions defined in the module
        "from dependency_injector.wiring import Provide, inject\n"
        "@inject\n"
        "async def route(probe=Provide['identity.no_such_handler']):\n"
        "    return probe\n",
        module.__dict__,
    )
    container = build_monolith(settings_for_tests(tmp_path), database_url=None)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        container.wire(modules=[module], warn_unresolved=True)

    assert any("Unresolved marker" in str(w.message) for w in caught)


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
