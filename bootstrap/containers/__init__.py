"""Dependency-injector containers: one per context, one per adapter set, one per deployment."""
