"""The catalog's migrated schema against its table definitions, and the database features
the adapters rely on."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.support.engine import create_engine

pytestmark = pytest.mark.postgres


async def test_migration_enables_pg_trgm_when_at_head(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        async with engine.connect() as connection:
            installed = (
                await connection.execute(
                    text("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
                )
            ).scalars()
            names = list(installed)
    finally:
        await engine.dispose()

    assert names == ["pg_trgm"]
