"""Ordering use cases: payment methods, placing and paying orders, order history."""
