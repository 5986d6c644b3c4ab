"""Catalog: the category tree, products with their prices, and stock with reservations."""
