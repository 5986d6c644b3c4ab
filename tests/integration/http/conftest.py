"""The app under test. Identity's routes run on memory adapters; the catalog's and
ordering's run on both memory and PostgreSQL (``api`` is parametrized in their folders)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.api import Api, running_api, settings_for_tests


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(settings_for_tests(tmp_path)) as running:
        yield running


def storage_url(request: pytest.FixtureRequest) -> str | None:
    """The database for ``request.param`` ("memory": none), emptied before the test.

    Called from a synchronous fixture: PostgreSQL's fixtures are async and cannot be
    looked up from inside a running event loop.
    """
    if request.param != "postgres":
        return None
    request.getfixturevalue("pg_engine")
    url: str = request.getfixturevalue("postgres_url")
    return url


STORAGES = [pytest.param("memory"), pytest.param("postgres", marks=pytest.mark.postgres)]
