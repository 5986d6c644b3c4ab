"""The SQLAlchemy URL of a database, for what still runs through SQLAlchemy: Alembic's
migrations (the adapters use the asyncpg pool in pool.py)."""

from __future__ import annotations

from sqlalchemy.engine import URL

from adapters.outbound.persistence.postgres.pool import postgres_url

_ASYNC_DRIVER = "postgresql+asyncpg"


def asyncpg_url(database_url: str) -> URL:
    """The URL with the asyncpg driver; libpq's ``sslmode`` becomes asyncpg's ``ssl``."""
    url = postgres_url(database_url).set(drivername=_ASYNC_DRIVER)
    if "sslmode" in url.query:
        query = dict(url.query)
        query["ssl"] = query.pop("sslmode")
        url = url.set(query=query)
    return url
