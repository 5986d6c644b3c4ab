"""Identity use cases: registration, verification, sessions, profiles and user admin."""
