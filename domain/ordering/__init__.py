"""Ordering: payment methods, orders and their status workflow, and payments."""
