"""PostgreSQL persistence of the ordering context."""
