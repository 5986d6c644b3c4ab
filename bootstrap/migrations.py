"""Schema migrations of every context, run from the command line and at serve start."""

from __future__ import annotations

import asyncio

from adapters.outbound.persistence.postgres.migrations.runner import migrate


def apply_migrations(database_url: str) -> None:
    """Bring every context's schema to its newest revision (safe to run concurrently)."""
    asyncio.run(migrate(database_url))
