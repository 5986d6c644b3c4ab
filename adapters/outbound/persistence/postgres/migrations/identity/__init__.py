"""Identity's schema history."""
