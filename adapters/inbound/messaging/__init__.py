"""Consumers of integration messages: each parses a message into its context's own command."""
