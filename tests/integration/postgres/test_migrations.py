"""The migration runner against a real server: idempotent, safe in parallel, and in step
with the table definitions the adapters use."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from adapters.outbound.persistence.postgres.catalog.tables import metadata as catalog_metadata
from adapters.outbound.persistence.postgres.identity.tables import metadata as identity_metadata
from adapters.outbound.persistence.postgres.migrations import CONTEXTS, migrate
from adapters.outbound.persistence.postgres.ordering.tables import metadata as ordering_metadata
from application.shared.errors import DependencyUnavailableError
from tests.integration.conftest import NewDatabase
from tests.support.engine import create_engine
from tests.support.schema_drift import schema_drift

_METADATA = {
    "identity": identity_metadata,
    "catalog": catalog_metadata,
    "ordering": ordering_metadata,
}
# Each context's newest revision.
HEADS = {"identity": "identity_0001", "catalog": "catalog_0003", "ordering": "ordering_0001"}


async def _scalars(url: str, statement: str) -> list[object]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(text(statement))).scalars())
    finally:
        await engine.dispose()


async def _revisions(url: str) -> list[object]:
    return [
        await _scalars(url, f"SELECT version_num FROM alembic_version_{context}")
        for context in CONTEXTS
    ]


@pytest.mark.postgres
async def test_migrate_records_each_context_at_its_head_when_the_database_is_empty(
    new_database: NewDatabase,
) -> None:
    url = await new_database()

    await migrate(url)

    assert await _revisions(url) == [[HEADS[context]] for context in CONTEXTS]


@pytest.mark.postgres
async def test_migrate_changes_nothing_when_the_schema_is_already_at_head(
    new_database: NewDatabase,
) -> None:
    url = await new_database()
    await migrate(url)
    before = await _revisions(url)

    await migrate(url)

    assert await _revisions(url) == before


@pytest.mark.postgres
async def test_every_process_succeeds_when_several_migrate_the_same_database_at_once(
    new_database: NewDatabase,
) -> None:
    url = await new_database()

    await asyncio.gather(*(migrate(url) for _ in range(4)))

    assert await _revisions(url) == [[HEADS[context]] for context in CONTEXTS]


@pytest.mark.postgres
@pytest.mark.parametrize("context", sorted(_METADATA))
async def test_migrated_schema_matches_the_table_definitions_when_at_head(
    postgres_url: str, context: str
) -> None:
    found = await schema_drift(postgres_url, context, _METADATA[context])

    assert found == []


async def test_migrate_raises_value_error_when_a_context_has_no_migrations() -> None:
    with pytest.raises(ValueError, match="no migrations for billing"):
        await migrate("postgresql://postgres@127.0.0.1:1/postgres", ["billing"])


def test_every_context_has_a_migration_chain() -> None:
    assert set(CONTEXTS) >= {"identity"}


async def test_migrate_raises_dependency_unavailable_when_the_server_is_unreachable(
    unused_tcp_port: int,
) -> None:
    with pytest.raises(DependencyUnavailableError):
        await migrate(f"postgresql://postgres@127.0.0.1:{unused_tcp_port}/postgres")
