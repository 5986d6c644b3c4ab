"""Probes when the database is down: /readyz says so as a problem, /healthz stays up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.integration.http.identity.problem_checks import assert_problem
from tests.support.api import Api, running_api, settings_for_tests

CLOSED_PORT_URL = "postgresql://postgres@127.0.0.1:1/nope"


@pytest.fixture
async def api_without_database(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(settings_for_tests(tmp_path), database_url=CLOSED_PORT_URL) as running:
        yield running


async def test_readyz_answers_503_dependency_unavailable_when_the_database_is_down(
    api_without_database: Api,
) -> None:
    response = await api_without_database.client.get("/readyz")

    assert_problem(response, 503, "dependency-unavailable")


async def test_healthz_answers_200_when_the_database_is_down(api_without_database: Api) -> None:
    response = await api_without_database.client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_answers_200_when_the_database_is_in_memory(api: Api) -> None:
    response = await api.client.get("/readyz")

    assert response.status_code == 200
