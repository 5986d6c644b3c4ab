"""Ordering's schema history."""
