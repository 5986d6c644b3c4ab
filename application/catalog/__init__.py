"""Catalog use cases: categories, products, stock levels, reservations and search."""
