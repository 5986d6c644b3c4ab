"""Use cases and the ports they need; imports the domain and the standard library only."""
