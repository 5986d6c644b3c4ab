"""A SQLAlchemy engine for tests that read or change tables directly (the adapters use the
asyncpg pool; SQLAlchemy's engine remains only for this and for Alembic's migrations)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.outbound.persistence.postgres.engine import asyncpg_url


def create_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    """A pooled engine on ``database_url``; no connection is opened until first use."""
    return create_async_engine(
        asyncpg_url(database_url),
        pool_size=pool_size,
        max_overflow=pool_size,
        connect_args={"timeout": 5, "server_settings": {"jit": "off"}},
    )
