"""The composition root: settings, DI containers, the app factory and the CLI."""
