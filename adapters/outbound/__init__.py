"""Outbound adapters: the technologies behind the application's ports."""
