from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.integration.http.conftest import STORAGES, storage_url
from tests.support.api import Api, running_api, settings_for_tests


@pytest.fixture(params=STORAGES)
def database_url(request: pytest.FixtureRequest) -> str | None:
    return storage_url(request)


@pytest.fixture
async def api(database_url: str | None, tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(settings_for_tests(tmp_path), database_url=database_url) as running:
        yield running
