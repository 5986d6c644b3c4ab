"""In-memory persistence with PostgreSQL's semantics, for ``--memory`` runs and unit tests."""
