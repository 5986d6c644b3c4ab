"""PostgreSQL persistence: SQLAlchemy Core on asyncpg, with tables and migrations per context."""
