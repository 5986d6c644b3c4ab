"""Ordering's migrated schema against its table definitions."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Table, text

from adapters.outbound.persistence.postgres.engine import create_engine
from adapters.outbound.persistence.postgres.ordering.tables import metadata

pytestmark = pytest.mark.postgres


async def test_migrated_schema_matches_the_table_definitions_when_at_head(
    postgres_url: str,
) -> None:
    engine = create_engine(postgres_url)

    def differences(connection: Connection) -> list[object]:
        migration = MigrationContext.configure(
            connection, opts={"version_table": "alembic_version_ordering"}
        )
        # Other contexts share the database in the monolith; only this one's tables count.
        return [
            difference
            for difference in compare_metadata(migration, metadata)
            if _table_of(difference) in metadata.tables
        ]

    try:
        async with engine.connect() as connection:
            found = await connection.run_sync(differences)
    finally:
        await engine.dispose()

    assert found == []


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


def _table_of(difference: Any) -> str | None:
    """The table a difference is about: removed tables come with their indexes removed too."""
    if isinstance(difference, list):  # column changes come as a list of modifications
        return str(difference[0][2])
    subject = difference[1]
    if isinstance(subject, Table):
        return subject.name
    table = getattr(subject, "table", None)
    if isinstance(table, Table):
        return table.name
    return str(difference[2]) if len(difference) > 2 else None
