"""PostgreSQL persistence of the catalog context."""
