from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.security_matrix.stage import Stage
from tests.support.api import running_api, settings_for_tests


@pytest.fixture(scope="module")
async def stage(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stage]:
    """One app for the module: every cell arranges its own accounts and objects. Rate
    limits are off, as each cell registers several accounts from the same address."""
    settings = settings_for_tests(tmp_path_factory.mktemp("matrix"), rate_limits="off")
    async with running_api(settings) as api:
        yield Stage(api)
