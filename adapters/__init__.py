"""Adapters: inbound ones drive the application, outbound ones implement its ports."""
