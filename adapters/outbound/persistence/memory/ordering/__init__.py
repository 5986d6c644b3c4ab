"""In-memory persistence of the ordering context."""
