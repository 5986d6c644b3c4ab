"""Differences between a context's migrated tables and its SQLAlchemy table definitions."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, MetaData, Table

from tests.support.engine import create_engine


async def schema_drift(postgres_url: str, context: str, metadata: MetaData) -> list[object]:
    """What ``alembic revision --autogenerate`` would write for this context: nothing, when
    its migrations and table definitions agree. Other contexts' tables share the database
    in the monolith and are left out."""
    engine = create_engine(postgres_url)

    def differences(connection: Connection) -> list[object]:
        migration = MigrationContext.configure(
            connection, opts={"version_table": f"alembic_version_{context}"}
        )
        return [
            difference
            for difference in compare_metadata(migration, metadata)
            if _table_of(difference) in metadata.tables
        ]

    try:
        async with engine.connect() as connection:
            return await connection.run_sync(differences)
    finally:
        await engine.dispose()


def _table_of(difference: Any) -> str | None:
    """The table a difference is about (a removed table comes with its removed indexes)."""
    if isinstance(difference, list):  # column changes come as a list of modifications
        return str(difference[0][2])
    subject = difference[1]
    if isinstance(subject, Table):
        return subject.name
    table = getattr(subject, "table", None)
    if isinstance(table, Table):
        return table.name
    return str(difference[2]) if len(difference) > 2 else None
