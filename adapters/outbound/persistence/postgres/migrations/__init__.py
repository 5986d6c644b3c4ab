"""Alembic migrations, one chain and version table per context.

A context's chain lives in ``<context>/versions/``; adding a context is adding such a folder.
"""

from adapters.outbound.persistence.postgres.migrations.runner import CONTEXTS, migrate

__all__ = ["CONTEXTS", "migrate"]
