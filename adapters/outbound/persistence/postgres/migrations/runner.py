"""Bring a database's schema up to date, for some or all contexts, without an alembic.ini."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, func, select
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from adapters.outbound.persistence.postgres.engine import asyncpg_url
from adapters.outbound.persistence.postgres.errors import translated_errors

_HERE = Path(__file__).resolve().parent

CONTEXTS: tuple[str, ...] = tuple(
    sorted(folder.name for folder in _HERE.iterdir() if (folder / "versions").is_dir())
)

# Every process migrating a database takes this pg_advisory_lock first, so concurrent starts
# run the upgrades one after the other and the later ones find the schema at head.
_LOCK_KEY = 0x6865_7861_7368_6F70  # "hexashop" in ASCII


async def migrate(database_url: str, contexts: Sequence[str] = CONTEXTS) -> None:
    """Upgrade each context's tables to its newest revision; a no-op when already there.

    Raises DependencyUnavailableError when the database cannot be reached.
    """
    unknown = sorted(set(contexts) - set(CONTEXTS))
    if unknown:
        raise ValueError(f"no migrations for {', '.join(unknown)}; known: {', '.join(CONTEXTS)}")
    # NullPool: closing the connection really ends the session, which also releases the lock
    # whatever state a failed upgrade left the transaction in.
    engine = create_async_engine(
        asyncpg_url(database_url), poolclass=NullPool, connect_args={"timeout": 10}
    )
    try:
        with translated_errors():
            async with engine.connect() as connection:
                await connection.execute(select(func.pg_advisory_lock(_LOCK_KEY)))
                await connection.commit()
                for context in contexts:
                    await connection.run_sync(_upgrade, context)
                    await connection.commit()
    finally:
        await engine.dispose()


def _upgrade(connection: Connection, context: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(_HERE))
    config.set_main_option("version_locations", str(_HERE / context / "versions"))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    config.attributes["version_table"] = f"alembic_version_{context}"
    command.upgrade(config, "head")
