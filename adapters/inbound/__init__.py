"""Inbound adapters: HTTP (FastAPI), command line and message consumers."""
