"""The pooled asyncpg engine every PostgreSQL adapter shares."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

_ASYNC_DRIVER = "postgresql+asyncpg"
_POSTGRES_SCHEMES = frozenset({"postgres", "postgresql"})


def create_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    """A pooled engine for a plain ``postgresql://`` URL (a ``?host=/dir`` socket URL too).

    Connections stay in the pool between units of work; none is opened until first use.
    """
    return create_async_engine(
        asyncpg_url(database_url),
        pool_size=pool_size,
        # Bursts may borrow as many again, briefly; past that a request waits at most
        # pool_timeout seconds and then fails as "database unavailable" instead of queueing.
        max_overflow=pool_size,
        pool_timeout=5,
        # A server restart leaves dead connections in the pool: they are dropped when they
        # fail (the unit of work then reports the database unavailable) rather than pinged
        # before every checkout, which would cost a round trip per request.
        pool_pre_ping=False,
        connect_args={
            "timeout": 5,
            # JIT compilation costs more than it saves on the short queries of this app.
            "server_settings": {"application_name": "hexashop", "jit": "off"},
        },
    )


def asyncpg_url(database_url: str) -> URL:
    """The URL with the asyncpg driver; libpq's ``sslmode`` becomes asyncpg's ``ssl``."""
    url = make_url(database_url)
    if url.get_backend_name() not in _POSTGRES_SCHEMES:
        raise ValueError(f"not a PostgreSQL URL: {url.render_as_string(hide_password=True)}")
    url = url.set(drivername=_ASYNC_DRIVER)
    if "sslmode" in url.query:
        query = dict(url.query)
        query["ssl"] = query.pop("sslmode")
        url = url.set(query=query)
    return url
