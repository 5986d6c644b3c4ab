"""HTTP routes of the ordering context: payment methods, orders and payments."""
