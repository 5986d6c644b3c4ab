"""Persistence adapters: each context's repositories and unit of work, in PostgreSQL or memory."""
