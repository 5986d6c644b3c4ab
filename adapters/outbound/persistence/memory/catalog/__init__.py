"""In-memory persistence of the catalog context."""
