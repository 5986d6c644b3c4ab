"""Catalog's schema history."""
