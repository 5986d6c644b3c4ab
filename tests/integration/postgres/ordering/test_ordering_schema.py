"""Ordering's migrated schema against its table definitions."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.support.engine import create_engine

pytestmark = pytest.mark.postgres


async def test_outbox_positions_come_from_a_bigint_sequence_when_migrated(
    postgres_url: str,
) -> None:
    engine = create_engine(postgres_url)
    try:
        async with engine.connect() as connection:
            default = (
                await connection.execute(
                    text(
                        "SELECT pg_get_serial_sequence('ordering_outbox', 'position') IS NOT NULL,"
                        " data_type FROM information_schema.columns"
                        " WHERE table_name = 'ordering_outbox' AND column_name = 'position'"
                    )
                )
            ).one()
    finally:
        await engine.dispose()

    assert tuple(default) == (True, "bigint")
