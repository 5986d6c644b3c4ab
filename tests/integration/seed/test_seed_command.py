"""The `hexashop seed` command: its refusals, and a real run against HEXASHOP_DATABASE_URL."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from adapters.outbound.persistence.postgres.catalog.bulk_load import PostgresCatalogBulkLoader
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from bootstrap.cli import app
from bootstrap.seed import SeedRequest, seed_catalog

HEXASHOP = Path(sys.executable).parent / "hexashop"
COMMAND_DEADLINE_SECONDS = 120.0


def _run(tmp_path: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HEXASHOP_")}
    environment |= {"HEXASHOP_DATABASE_URL": database_url, "HEXASHOP_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [str(HEXASHOP), "seed", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=COMMAND_DEADLINE_SECONDS,
        check=False,
    )


def test_refuses_to_seed_memory_when_asked() -> None:
    result = CliRunner().invoke(app, ["seed", "--products", "10", "--memory"])

    assert result.exit_code == 1
    assert "in-memory catalog lives only inside its `serve --memory` process" in result.output


@pytest.mark.postgres
async def test_seeds_the_configured_database_when_run(
    pg_engine: AsyncEngine, postgres_url: str, tmp_path: Path
) -> None:
    done = await asyncio.to_thread(
        _run, tmp_path, postgres_url, "--products", "300", "--categories", "12", "--seed", "3"
    )

    assert done.returncode == 0, done.stderr
    assert "seeded 300 products" in done.stdout
    async with pg_engine.connect() as connection:
        counts = (
            await connection.execute(
                text("SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM categories)")
            )
        ).one()
    assert tuple(counts) == (300, 12)


@pytest.mark.postgres
async def test_refuses_a_catalog_that_is_not_empty_when_run_without_append(
    pg_pool: ConnectionPool, postgres_url: str, tmp_path: Path
) -> None:
    await seed_catalog(PostgresCatalogBulkLoader(pg_pool), SeedRequest(products=50))

    refused = await asyncio.to_thread(_run, tmp_path, postgres_url, "--products", "50")

    assert refused.returncode == 1
    assert "the catalog is not empty (50 products" in refused.stderr
    assert "pass --append to add to it" in refused.stderr
