"""Adapters that reach another context inside the same process (the modular monolith)."""
