"""HTTP routes of the catalog context: categories, products, stock and search."""
